using System.Buffers;
using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>
/// Encodes and decodes control datagrams with MessagePack-CSharp. A datagram is one MessagePack array:
/// <c>[magic, version, type, requestId, token, body]</c>, described in docs/PROTOCOL.md.
/// </summary>
public static class MessageCodec
{
    /// <summary>The first element of every envelope: "FS" as a 16-bit unsigned integer.</summary>
    public const int Magic = 0x4653;

    /// <summary>The protocol version this library speaks.</summary>
    public const int Version = 1;

    /// <summary>Number of elements in the envelope array.</summary>
    public const int EnvelopeFieldCount = 6;

    private static bool _prepared;

    /// <summary>
    /// The one set of options every wire type is read and written with: the strict resolver, the library's
    /// untrusted-data defenses, nesting capped at <see cref="ProtocolLimits.MaxNestingDepth"/>, never the old spec.
    /// </summary>
    internal static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(WireResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData.WithMaximumObjectGraphDepth(ProtocolLimits.MaxNestingDepth))
        .WithOldSpec(false);

    /// <summary>
    /// Has MessagePack-CSharp generate the formatter of every message now. The library builds them with
    /// Reflection.Emit on first use, which took a fresh process 190-280 ms here; a tracker pays it before it
    /// listens, not in its first second of traffic, where it held up the heartbeats of sessions behind it.
    /// </summary>
    public static void Prepare()
    {
        if (Volatile.Read(ref _prepared))
        {
            return;
        }

        foreach (var body in BodyRegistry.All)
        {
            body.Prepare(Options);
        }

        _ = MeasureWithToken(new HeartbeatRequest());
        Volatile.Write(ref _prepared, true);
    }

    /// <summary>Encodes <paramref name="envelope"/> into a new array, checking that it fits one datagram.</summary>
    /// <exception cref="InvalidOperationException">The message is larger than <see cref="ProtocolLimits.MaxDatagramBytes"/>.</exception>
    /// <exception cref="ArgumentException">A string of the message holds an unpaired surrogate.</exception>
    public static byte[] Encode(Envelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Encode(envelope, buffer);
        if (buffer.WrittenCount > ProtocolLimits.MaxDatagramBytes)
        {
            throw new InvalidOperationException(
                $"{envelope.Message.Type} encodes to {buffer.WrittenCount} bytes, more than one datagram ({ProtocolLimits.MaxDatagramBytes}).");
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes <paramref name="envelope"/> into <paramref name="output"/> without a size check.</summary>
    public static void Encode(Envelope envelope, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var writer = new MessagePackWriter(output) { OldSpec = false };
        EnvelopeFormatter.Instance.Serialize(ref writer, envelope, Options);
        writer.Flush();
    }

    /// <summary>The encoded size of a message in an envelope with a session token.</summary>
    public static int MeasureWithToken(Message message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Encode(new Envelope(uint.MaxValue, new byte[ProtocolLimits.SessionTokenBytes], message), buffer);
        return buffer.WrittenCount;
    }

    /// <summary>Decodes one datagram.</summary>
    /// <exception cref="ProtocolException">
    /// The datagram is not a valid message. <see cref="ProtocolException.RequestId"/> is set when the
    /// envelope was readable far enough to answer, and <see cref="ProtocolException.Code"/> says why.
    /// </exception>
    public static Envelope Decode(ReadOnlyMemory<byte> datagram)
    {
        if (datagram.Length > ProtocolLimits.MaxDatagramBytes)
        {
            throw new ProtocolException($"Datagram of {datagram.Length} bytes exceeds {ProtocolLimits.MaxDatagramBytes}.");
        }

        var reader = new MessagePackReader(datagram);
        Envelope envelope;
        try
        {
            // The formatter is called directly: MessagePackSerializer.Deserialize would wrap every exception and
            // ignore trailing bytes.
            envelope = EnvelopeFormatter.Instance.Deserialize(ref reader, Options);
        }
        catch (Exception ex) when (Strict.IsMalformedInput(ex))
        {
            throw new ProtocolException(ex.Message, ex);
        }

        if (!reader.End)
        {
            throw new ProtocolException($"Unexpected {datagram.Length - reader.Consumed} trailing byte(s) after the message.")
            {
                RequestId = envelope.RequestId,
            };
        }

        return envelope;
    }

    /// <summary>
    /// Reads the envelope's head without allocating or checking the body: the type, the request id and the session
    /// token (empty when nil or not a 16-byte bin). For work that must happen on receipt, before a datagram waits
    /// for anything: marking its session heard from, or answering Busy. False when the head is not version 1's.
    /// </summary>
    /// <param name="datagram">The datagram as received.</param>
    /// <param name="type">The message type id.</param>
    /// <param name="requestId">The request id.</param>
    /// <param name="token">The session token, a view into <paramref name="datagram"/>, or empty.</param>
    public static bool TryPeekHead(ReadOnlyMemory<byte> datagram, out MessageType type, out uint requestId, out ReadOnlySpan<byte> token)
    {
        type = default;
        requestId = 0;
        token = default;
        if (datagram.Length > ProtocolLimits.MaxDatagramBytes)
        {
            return false;
        }

        try
        {
            var reader = new MessagePackReader(datagram);
            if (!TryReadHead(ref reader, out type, out requestId))
            {
                return false;
            }

            if (reader.NextMessagePackType == MessagePackType.Binary)
            {
                var bytes = reader.ReadBytes()!.Value;
                token = bytes.Length == ProtocolLimits.SessionTokenBytes ? bytes.FirstSpan : default;
            }

            return true;
        }
        catch (Exception ex) when (ex is ProtocolException || Strict.IsMalformedInput(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// Reads a well-formed heartbeat with a session token without allocating: at one per peer per second it is by
    /// far the most frequent datagram a tracker gets. Returns false for anything else, malformed heartbeats
    /// included, which <see cref="Decode"/> then reads (and rejects) as usual.
    /// </summary>
    /// <param name="datagram">The datagram as received.</param>
    /// <param name="requestId">The heartbeat's request id.</param>
    /// <param name="token">The session token, a view into <paramref name="datagram"/>.</param>
    public static bool TryReadHeartbeat(ReadOnlyMemory<byte> datagram, out uint requestId, out ReadOnlySpan<byte> token)
    {
        requestId = 0;
        token = default;
        if (datagram.Length > ProtocolLimits.MaxDatagramBytes)
        {
            return false;
        }

        try
        {
            var reader = new MessagePackReader(datagram);
            if (!TryReadHead(ref reader, out var type, out var id) || type != MessageType.Heartbeat
                || reader.NextMessagePackType != MessagePackType.Binary)
            {
                return false;
            }

            var sessionToken = Strict.ReadBinarySequence(ref reader, ProtocolLimits.SessionTokenBytes, ProtocolLimits.SessionTokenBytes);
            Strict.SkipValuesChecked(ref reader, Strict.ReadArrayHeader(ref reader));
            if (!reader.End)
            {
                return false;
            }

            requestId = id;
            token = sessionToken.FirstSpan; // one segment: the reader runs over one block of memory
            return true;
        }
        catch (Exception ex) when (ex is ProtocolException || Strict.IsMalformedInput(ex))
        {
            return false;
        }
    }

    /// <summary>The head of a version-1 envelope, up to the token: false when the array, magic or version is not it.</summary>
    /// <exception cref="ProtocolException">A field of the head is malformed; the callers treat that as false.</exception>
    private static bool TryReadHead(ref MessagePackReader reader, out MessageType type, out uint requestId)
    {
        type = default;
        requestId = 0;
        if (Strict.ReadArrayHeader(ref reader) != EnvelopeFieldCount
            || Strict.ReadInt64(ref reader, long.MinValue, long.MaxValue) != Magic
            || Strict.ReadInt64(ref reader, long.MinValue, long.MaxValue) != Version)
        {
            return false;
        }

        type = (MessageType)Strict.ReadInt64(ref reader, 0, 255);
        requestId = (uint)Strict.ReadInt64(ref reader, 0, uint.MaxValue);
        return true;
    }
}
