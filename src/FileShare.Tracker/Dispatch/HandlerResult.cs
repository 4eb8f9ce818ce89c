using FileShare.Protocol.Messages;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Dispatch;

/// <summary>What a request handler decided.</summary>
/// <param name="Reply">The reply, or null for none (a heartbeat) or for one already written (<paramref name="ReplyWritten"/>).</param>
/// <param name="User">Who the request turned out to be from, for the log.</param>
/// <param name="Change">
/// A change written to the journal, to apply to the index once the journal flush made it durable; null for none.
/// </param>
/// <param name="NewSession">
/// A login's new session: its AuthSuccess is signed with that session's reply key and counter 0, so the client knows
/// the token, ticket key and timings came from the tracker it proved its password to.
/// </param>
/// <param name="ReplyWritten">The handler wrote its reply datagram itself (the allocation-free read replies).</param>
internal readonly record struct HandlerResult(
    Message? Reply, string User, Action? Change = null, Session? NewSession = null, bool ReplyWritten = false)
{
    /// <summary>The reply datagram is in the output already.</summary>
    public static HandlerResult Written(string user) => new(null, user, ReplyWritten: true);
}
