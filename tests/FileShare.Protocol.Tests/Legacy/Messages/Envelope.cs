using FileShare.Protocol.Messages;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>A control message with its request id and, for authenticated requests, the session token.</summary>
/// <param name="RequestId">Chosen by the requester, unique per request; a reply carries the id of its request.</param>
/// <param name="SessionToken">The session token, or null where none applies.</param>
/// <param name="Message">The message itself.</param>
public sealed record Envelope(uint RequestId, byte[]? SessionToken, Message Message);
