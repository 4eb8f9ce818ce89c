using FileShare.Protocol.Messages;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Dispatch;

/// <summary>What a request handler decided.</summary>
/// <param name="Reply">The reply, or null for none (a heartbeat).</param>
/// <param name="User">Who the request turned out to be from, for the log.</param>
/// <param name="Change">
/// A change written to the journal, to apply to the index once the journal flush made it durable; null for none.
/// </param>
/// <param name="NewSession">
/// A login's new session: its AuthSuccess is signed with that session's reply key and counter 0, so the client knows
/// the token, ticket key and timings came from the tracker it proved its password to.
/// </param>
internal readonly record struct HandlerResult(Message? Reply, string User, Action? Change = null, Session? NewSession = null);
