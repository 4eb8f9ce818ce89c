using FileShare.Protocol;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Dispatch;

/// <summary>
/// How to address and sign the reply to one request (PROTOCOL.md §5): its request id and, for a signed request, its
/// counter and the session whose reply key signs the answer. An unsigned error is never larger than
/// <paramref name="MaxErrorBytes"/>, the size of the datagram it answers, so a spoofed source gains nothing.
/// </summary>
/// <param name="RequestId">The request's id, copied into the reply.</param>
/// <param name="Counter">The request's counter, copied into a signed reply; null for an unsigned one.</param>
/// <param name="Signer">The session that signs the reply, or null for an unsigned reply.</param>
/// <param name="MaxErrorBytes">The largest unsigned error reply this request may get.</param>
internal readonly record struct ReplyTo(uint RequestId, long? Counter, Session? Signer, int MaxErrorBytes)
{
    /// <summary>An unsigned refusal of a datagram of <paramref name="requestBytes"/> bytes: no larger than it.</summary>
    public static ReplyTo Refusal(uint requestId, int requestBytes) => new(requestId, null, null, requestBytes);

    /// <summary>The unsigned reply to a well-formed request sent before login (discovery, login, registration).</summary>
    public static ReplyTo Unsigned(uint requestId) => new(requestId, null, null, ProtocolLimits.MaxDatagramBytes);

    /// <summary>A reply signed by <paramref name="session"/> with <paramref name="counter"/>.</summary>
    public static ReplyTo SignedBy(Session session, uint requestId, long counter) =>
        new(requestId, counter, session, ProtocolLimits.MaxDatagramBytes);
}
