namespace FileShare.Protocol.Messages;

/// <summary>
/// The head of an envelope read without decoding the body (<see cref="MessageCodec.TryPeekHead(ReadOnlyMemory{byte}, out DatagramHead)"/>):
/// what a tracker needs on receipt, before a datagram waits for anything.
/// </summary>
public readonly ref struct DatagramHead
{
    internal DatagramHead(MessageType type, uint requestId, ReadOnlySpan<byte> token, long? counter)
    {
        Type = type;
        RequestId = requestId;
        Token = token;
        Counter = counter;
    }

    /// <summary>The message type id.</summary>
    public MessageType Type { get; }

    /// <summary>The request id.</summary>
    public uint RequestId { get; }

    /// <summary>The session token, a view into the datagram, or empty when nil or not a 16-byte bin.</summary>
    public ReadOnlySpan<byte> Token { get; }

    /// <summary>The counter of a signed (version 2) envelope; null for version 1.</summary>
    public long? Counter { get; }

    /// <summary>Whether the envelope is signed (version 2): its last 16 bytes are a MAC (PROTOCOL.md §5).</summary>
    public bool IsSigned => Counter is not null;
}
