using FileShare.Protocol.Messages;
using MessagePack;
using MessagePack.Formatters;

namespace FileShare.Protocol.Wire;

/// <summary>
/// The 6-element envelope <c>[magic, version, type, requestId, token, body]</c> of PROTOCOL.md §4. Hand-written
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
        writer.WriteArrayHeader(MessageCodec.EnvelopeFieldCount);
        writer.Write(MessageCodec.Magic);
        writer.Write(MessageCodec.Version);
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

        body.Write(ref writer, value.Message, options);
    }

    public Envelope Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        // Errors before the request id carry none: such a datagram is dropped, not answered (PROTOCOL.md §18).
        var count = Strict.ReadArrayHeader(ref reader);

        // Magic, version, type and request id come first in every version, so a newer envelope with another
        // element count still gets an "unsupported version" answer rather than silence.
        if (count < 4)
        {
            throw new ProtocolException($"Envelope must have {MessageCodec.EnvelopeFieldCount} elements, not {count}.");
        }

        if (Strict.ReadInt64(ref reader, long.MinValue, long.MaxValue) != MessageCodec.Magic)
        {
            throw new ProtocolException("Not a FileShare datagram (wrong magic).");
        }

        var version = Strict.ReadInt64(ref reader, long.MinValue, long.MaxValue);
        var typeId = Strict.ReadInt64(ref reader, 0, 255, "type");
        var requestId = (uint)Strict.ReadInt64(ref reader, 0, uint.MaxValue, "requestId");
        if (version != MessageCodec.Version)
        {
            throw new ProtocolException($"Unsupported protocol version {version}; this side speaks version {MessageCodec.Version}.")
            {
                Code = ErrorCode.UnsupportedVersion,
                RequestId = requestId,
            };
        }

        if (count != MessageCodec.EnvelopeFieldCount)
        {
            throw new ProtocolException($"Envelope must have {MessageCodec.EnvelopeFieldCount} elements, not {count}.") { RequestId = requestId };
        }

        try
        {
            var token = reader.TryReadNil() ? null : Strict.ReadBinary(ref reader, ProtocolLimits.SessionTokenBytes, ProtocolLimits.SessionTokenBytes, "token");
            if (!BodyRegistry.TryGet((MessageType)typeId, out var body))
            {
                Strict.SkipChecked(ref reader, 0);
                throw new ProtocolException($"Unknown message type 0x{typeId:x2}.") { Code = ErrorCode.UnknownMessageType };
            }

            return new Envelope(requestId, token, body.Read(ref reader, options));
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
