using System.Buffers;
using FileShare.Protocol.Security;
using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>
/// Encodes and decodes control datagrams with MessagePack-CSharp. A datagram is one MessagePack array:
/// <c>[magic, 1, type, requestId, token, body]</c>, or signed <c>[magic, 2, type, requestId, token, counter, body, mac]</c>,
/// described in docs/PROTOCOL.md §4-5.
/// </summary>
public static class MessageCodec
{
    /// <summary>The first element of every envelope: "FS" as a 16-bit unsigned integer.</summary>
    public const int Magic = 0x4653;

    /// <summary>The protocol version this library speaks.</summary>
    public const int Version = 1;

    /// <summary>Number of elements in the envelope array.</summary>
    public const int EnvelopeFieldCount = 6;

    /// <summary>The version of a signed envelope: every datagram of a session after login (PROTOCOL.md §5).</summary>
    public const int SignedVersion = 2;

    /// <summary>Number of elements in a signed envelope: version 1's six plus the counter and the MAC.</summary>
    public const int SignedEnvelopeFieldCount = 8;

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

    /// <summary>Encodes a version-1 <paramref name="envelope"/> into a new array, checking that it fits one datagram.</summary>
    /// <exception cref="InvalidOperationException">The message is larger than <see cref="ProtocolLimits.MaxDatagramBytes"/>.</exception>
    /// <exception cref="ArgumentException">A string of the message holds an unpaired surrogate, or the envelope is signed.</exception>
    public static byte[] Encode(Envelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Encode(envelope, buffer);
        return Checked(envelope, buffer).ToArray();
    }

    /// <summary>Encodes a version-1 <paramref name="envelope"/> into <paramref name="output"/> without a size check.</summary>
    /// <exception cref="ArgumentException">The envelope is signed: use <see cref="EncodeSigned(Envelope, ReadOnlySpan{byte}, ArrayBufferWriter{byte})"/>.</exception>
    public static void Encode(Envelope envelope, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.IsSigned)
        {
            throw new ArgumentException("A signed envelope needs its key: use EncodeSigned.", nameof(envelope));
        }

        Write(envelope, output);
    }

    /// <summary>Encodes a signed envelope (with <see cref="Envelope.Counter"/>) and its MAC under <paramref name="key"/> into a new array.</summary>
    /// <exception cref="InvalidOperationException">The message is larger than <see cref="ProtocolLimits.MaxDatagramBytes"/>.</exception>
    public static byte[] EncodeSigned(Envelope envelope, ReadOnlySpan<byte> key)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        EncodeSigned(envelope, key, buffer);
        return Checked(envelope, buffer).ToArray();
    }

    /// <summary>
    /// Appends a signed envelope and its MAC under <paramref name="key"/> to <paramref name="output"/>, without a size
    /// check. The MAC covers the bytes of this envelope only, whatever <paramref name="output"/> held before.
    /// </summary>
    /// <exception cref="ArgumentException">The envelope has no counter.</exception>
    public static void EncodeSigned(Envelope envelope, ReadOnlySpan<byte> key, ArrayBufferWriter<byte> output)
    {
        var start = WriteUnsealed(envelope, output);
        var mac = output.GetSpan(ProtocolLimits.SessionMacBytes)[..ProtocolLimits.SessionMacBytes];
        SessionMac.Compute(key, output.WrittenSpan[start..], mac);
        output.Advance(ProtocolLimits.SessionMacBytes);
    }

    /// <summary>Like <see cref="EncodeSigned(Envelope, ReadOnlySpan{byte}, ArrayBufferWriter{byte})"/>, with a reusable MAC context.</summary>
    public static void EncodeSigned(Envelope envelope, SessionMacKey key, ArrayBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(key);
        var start = WriteUnsealed(envelope, output);
        var mac = output.GetSpan(ProtocolLimits.SessionMacBytes)[..ProtocolLimits.SessionMacBytes];
        key.Compute(output.WrittenSpan[start..], mac);
        output.Advance(ProtocolLimits.SessionMacBytes);
    }

    // Everything of a signed envelope but the MAC's 16 bytes; returns where the envelope starts in the output.
    private static int WriteUnsealed(Envelope envelope, ArrayBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(output);
        if (!envelope.IsSigned)
        {
            throw new ArgumentException("Only an envelope with a counter is signed.", nameof(envelope));
        }

        var start = output.WrittenCount;
        Write(envelope, output);
        return start;
    }

    private static void Write(Envelope envelope, IBufferWriter<byte> output)
    {
        var writer = new MessagePackWriter(output) { OldSpec = false };
        EnvelopeFormatter.Instance.Serialize(ref writer, envelope, Options);
        writer.Flush();
    }

    private static ReadOnlySpan<byte> Checked(Envelope envelope, ArrayBufferWriter<byte> buffer)
    {
        if (buffer.WrittenCount > ProtocolLimits.MaxDatagramBytes)
        {
            throw new InvalidOperationException(
                $"{envelope.Message.Type} encodes to {buffer.WrittenCount} bytes, more than one datagram ({ProtocolLimits.MaxDatagramBytes}).");
        }

        return buffer.WrittenSpan;
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
    /// Reads the envelope's head without allocating or checking the body: the type, the request id, the session token
    /// (empty when nil or not a 16-byte bin) and a signed envelope's counter. For work that must happen on receipt,
    /// before a datagram waits for anything: checking its MAC and marking its session heard from, or answering Busy.
    /// False when the head is not that of version 1 or 2.
    /// </summary>
    public static bool TryPeekHead(ReadOnlyMemory<byte> datagram, out DatagramHead head)
    {
        head = default;
        if (datagram.Length > ProtocolLimits.MaxDatagramBytes)
        {
            return false;
        }

        try
        {
            var reader = new MessagePackReader(datagram);
            if (!TryReadHead(ref reader, out var type, out var requestId, out var tokenEnd, out var counter))
            {
                return false;
            }

            head = new DatagramHead(type, requestId, TokenAt(datagram.Span, tokenEnd), counter);
            return true;
        }
        catch (Exception ex) when (ex is ProtocolException || Strict.IsMalformedInput(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// Reads a well-formed heartbeat with a session token, version 1 or signed, without allocating: at one per peer
    /// per second it is by far the most frequent datagram a tracker gets. Returns false for anything else, malformed
    /// heartbeats included, which <see cref="Decode"/> then reads (and rejects) as usual. A signed heartbeat's MAC is
    /// checked by the caller, who has the key (<see cref="SessionMac.Verify"/>).
    /// </summary>
    public static bool TryReadHeartbeat(ReadOnlyMemory<byte> datagram, out DatagramHead head)
    {
        head = default;
        if (datagram.Length > ProtocolLimits.MaxDatagramBytes)
        {
            return false;
        }

        try
        {
            var reader = new MessagePackReader(datagram);
            if (!TryReadHead(ref reader, out var type, out var requestId, out var tokenEnd, out var counter)
                || type != MessageType.Heartbeat || tokenEnd == 0)
            {
                return false;
            }

            Strict.SkipValuesChecked(ref reader, Strict.ReadArrayHeader(ref reader));
            if (counter is not null)
            {
                Strict.ReadBinarySequence(ref reader, ProtocolLimits.SessionMacBytes, ProtocolLimits.SessionMacBytes);
            }

            if (!reader.End)
            {
                return false;
            }

            head = new DatagramHead(type, requestId, TokenAt(datagram.Span, tokenEnd), counter);
            return true;
        }
        catch (Exception ex) when (ex is ProtocolException || Strict.IsMalformedInput(ex))
        {
            return false;
        }
    }

    /// <summary>The request id and token of <see cref="TryReadHeartbeat(ReadOnlyMemory{byte}, out DatagramHead)"/>.</summary>
    public static bool TryReadHeartbeat(ReadOnlyMemory<byte> datagram, out uint requestId, out ReadOnlySpan<byte> token)
    {
        var read = TryReadHeartbeat(datagram, out DatagramHead head);
        requestId = head.RequestId;
        token = head.Token;
        return read;
    }

    private static ReadOnlySpan<byte> TokenAt(ReadOnlySpan<byte> datagram, int tokenEnd) =>
        tokenEnd == 0 ? default : datagram.Slice(tokenEnd - ProtocolLimits.SessionTokenBytes, ProtocolLimits.SessionTokenBytes);

    /// <summary>
    /// The head of a version-1 or signed envelope, up to the body: false when the array, magic or version is not one
    /// of theirs, or a signed envelope's token or counter is malformed. <paramref name="tokenEnd"/> is the offset just
    /// past a 16-byte token (its bytes end there whatever bin family holds them), or 0 when there is none.
    /// </summary>
    /// <exception cref="ProtocolException">A field of the head is malformed; the callers treat that as false.</exception>
    private static bool TryReadHead(ref MessagePackReader reader, out MessageType type, out uint requestId, out int tokenEnd, out long? counter)
    {
        type = default;
        requestId = 0;
        tokenEnd = 0;
        counter = null;
        var count = Strict.ReadArrayHeader(ref reader);
        if (count is not (EnvelopeFieldCount or SignedEnvelopeFieldCount)
            || Strict.ReadInt64(ref reader, long.MinValue, long.MaxValue) != Magic
            || Strict.ReadInt64(ref reader, long.MinValue, long.MaxValue) != (count == EnvelopeFieldCount ? Version : SignedVersion))
        {
            return false;
        }

        type = (MessageType)Strict.ReadInt64(ref reader, 0, 255);
        requestId = (uint)Strict.ReadInt64(ref reader, 0, uint.MaxValue);
        var signed = count == SignedEnvelopeFieldCount;
        if (reader.NextMessagePackType == MessagePackType.Binary)
        {
            var length = reader.ReadBytes()!.Value.Length;
            tokenEnd = length == ProtocolLimits.SessionTokenBytes ? (int)reader.Consumed : 0;
        }

        if (!signed)
        {
            return true; // version 1: the full decoder says what is wrong with a token that is not one
        }

        if (tokenEnd == 0)
        {
            return false; // a signed envelope always carries a token
        }

        counter = Strict.ReadInt64(ref reader, 0, ProtocolLimits.MaxSessionCounter);
        return true;
    }
}
