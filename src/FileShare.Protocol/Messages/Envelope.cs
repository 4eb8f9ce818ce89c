namespace FileShare.Protocol.Messages;

/// <summary>A control message with its request id and, for authenticated requests, the session token.</summary>
/// <param name="RequestId">Chosen by the requester, unique per request; a reply carries the id of its request.</param>
/// <param name="SessionToken">The session token, or null where none applies.</param>
/// <param name="Message">The message itself.</param>
/// <remarks>Written and read by the envelope formatter of <see cref="MessageCodec"/>, not by a generated one.</remarks>
public sealed record Envelope(uint RequestId, byte[]? SessionToken, Message Message)
{
    /// <summary>
    /// The counter of a signed envelope (version 2, PROTOCOL.md §5): set, the envelope is written with a counter and a
    /// MAC and must be encoded with <see cref="MessageCodec.EncodeSigned(Envelope, ReadOnlySpan{byte}, System.Buffers.ArrayBufferWriter{byte})"/>;
    /// null for a version-1 envelope.
    /// </summary>
    public long? Counter { get; init; }

    /// <summary>Whether this is a signed (version 2) envelope.</summary>
    public bool IsSigned => Counter is not null;
}
