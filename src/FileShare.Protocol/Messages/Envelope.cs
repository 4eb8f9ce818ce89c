namespace FileShare.Protocol.Messages;

/// <summary>A control message with its request id and, for authenticated requests, the session token.</summary>
/// <param name="RequestId">Chosen by the requester, unique per request; a reply carries the id of its request.</param>
/// <param name="SessionToken">The session token, or null where none applies.</param>
/// <param name="Message">The message itself.</param>
/// <remarks>Written and read by the envelope formatter of <see cref="MessageCodec"/>, not by a generated one.</remarks>
public sealed record Envelope(uint RequestId, byte[]? SessionToken, Message Message);
