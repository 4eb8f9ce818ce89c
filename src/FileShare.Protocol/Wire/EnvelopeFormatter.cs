using FileShare.Protocol.Messages;
using MessagePack;
using MessagePack.Formatters;

namespace FileShare.Protocol.Wire;

/// <summary>
/// The envelope of PROTOCOL.md §4: version 1's 6 elements <c>[magic, 1, type, requestId, token, body]</c>, or a signed
/// envelope's 8 <c>[magic, 2, type, requestId, token, counter, body, mac]</c>, written here without the MAC, which
/// <see cref="MessageCodec"/> computes over the bytes written and appends. Hand-written
/// because the library's <c>[Union]</c> writes <c>[key, body]</c> and cannot put the type at index 2 with the
/// request id and token between it and the body. The type ids still come from the one <c>[Union]</c> list on
/// <see cref="Message"/>.
/// </summary>
internal sealed class EnvelopeFormatter : IMessagePackFormatter<Envelope>
{
    public static readonly EnvelopeFormatter Instance = new();

    private EnvelopeFormatter()
    {
    }

    public void Serialize(ref MessagePackWriter writer, Envelope value, MessagePackSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        var body = BodyRegistry.Of(value.Message.GetType());
        var signed = value.Counter is not null;
        writer.WriteArrayHeader(signed ? MessageCodec.SignedEnvelopeFieldCount : MessageCodec.EnvelopeFieldCount);
        writer.Write(MessageCodec.Magic);
        writer.Write(signed ? MessageCodec.SignedVersion : MessageCodec.Version);
        writer.Write((int)body.Type);
        writer.Write(value.RequestId);
        if (value.SessionToken is null)
        {
            writer.WriteNil();
        }
        else
        {
            writer.Write(value.SessionToken);
        }

        if (value.Counter is { } counter)
        {
            writer.Write(counter);
        }

        body.Write(ref writer, value.Message, options);
        if (signed)
        {
            writer.WriteBinHeader(ProtocolLimits.SessionMacBytes); // the MAC's 16 bytes follow, appended by the codec
        }
    }

    public Envelope Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        // Errors before the request id carry none: such a datagram is dropped, not answered (PROTOCOL.md §18).
        var count = Strict.ReadArrayHeader(ref reader);

        // Magic, version, type and request id come first in every version, so a newer envelope with another
        // element count still gets an "unsupported version" answer rather than silence.
        if (count < 4)
        {
            throw new ProtocolException($"Envelope must have {MessageCodec.EnvelopeFieldCount} or {MessageCodec.SignedEnvelopeFieldCount} elements, not {count}.");
        }

        if (Strict.ReadInt64(ref reader, long.MinValue, long.MaxValue) != MessageCodec.Magic)
        {
            throw new ProtocolException("Not a FileShare datagram (wrong magic).");
        }

        var version = Strict.ReadInt64(ref reader, long.MinValue, long.MaxValue);
        var typeId = Strict.ReadInt64(ref reader, 0, 255, "type");
        var requestId = (uint)Strict.ReadInt64(ref reader, 0, uint.MaxValue, "requestId");
        if (version is not (MessageCodec.Version or MessageCodec.SignedVersion))
        {
            throw new ProtocolException($"Unsupported protocol version {version}; this side speaks versions {MessageCodec.Version} and {MessageCodec.SignedVersion}.")
            {
                Code = ErrorCode.UnsupportedVersion,
                RequestId = requestId,
            };
        }

        var signed = version == MessageCodec.SignedVersion;
        var expected = signed ? MessageCodec.SignedEnvelopeFieldCount : MessageCodec.EnvelopeFieldCount;
        if (count != expected)
        {
            throw new ProtocolException($"A version {version} envelope must have {expected} elements, not {count}.") { RequestId = requestId };
        }

        try
        {
            byte[]? token;
            long? counter = null;
            if (signed)
            {
                token = Strict.ReadBinary(ref reader, ProtocolLimits.SessionTokenBytes, ProtocolLimits.SessionTokenBytes, "token");
                counter = Strict.ReadInt64(ref reader, 0, ProtocolLimits.MaxSessionCounter, "counter");
            }
            else
            {
                token = reader.TryReadNil() ? null : Strict.ReadBinary(ref reader, ProtocolLimits.SessionTokenBytes, ProtocolLimits.SessionTokenBytes, "token");
            }

            if (!BodyRegistry.TryGet((MessageType)typeId, out var body))
            {
                Strict.SkipChecked(ref reader, 0);
                throw new ProtocolException($"Unknown message type 0x{typeId:x2}.") { Code = ErrorCode.UnknownMessageType };
            }

            var message = body.Read(ref reader, options);
            if (signed)
            {
                // Checked by SessionMac against the key; here only its form: exactly 16 bytes.
                Strict.ReadBinarySequence(ref reader, ProtocolLimits.SessionMacBytes, ProtocolLimits.SessionMacBytes, "mac");
            }

            return new Envelope(requestId, token, message) { Counter = counter };
        }
        catch (ProtocolException ex) when (ex.RequestId is null)
        {
            throw new ProtocolException(ex.Message, ex) { Code = ex.Code, RequestId = requestId };
        }
        catch (Exception ex) when (Strict.IsMalformedInput(ex))
        {
            throw new ProtocolException(ex.Message, ex) { RequestId = requestId };
        }
    }
}
