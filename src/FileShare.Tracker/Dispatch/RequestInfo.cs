using FileShare.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace FileShare.Tracker.Dispatch;

/// <summary>What the tracker needs to know of one request type: its classic command name and how it is handled.</summary>
/// <param name="Type">The request type.</param>
/// <param name="Command">The classic command name used in the log (PUB, SCH, ...).</param>
/// <param name="IsRead">
/// Changes nothing (heartbeats, discovery, sch, get, lap, lpf): idempotent, so a retransmission simply runs again;
/// runs alongside other reads; too frequent to log at Information.
/// </param>
/// <param name="IsChange">Changes durable publications (pub, unp, ren): its reply waits for the journal flush.</param>
/// <param name="Unsigned">
/// Sent before there is a session (discovery, login, registration): a version-1 envelope without a token. Every other
/// request belongs to a session and must be signed (PROTOCOL.md §5).
/// </param>
internal sealed record RequestInfo(MessageType Type, string Command, bool IsRead = false, bool IsChange = false, bool Unsigned = false)
{
    /// <summary>Replies kept for retransmissions: those of requests that must not run twice. Reads are not kept.</summary>
    public bool IsCached => !IsRead;

    /// <summary>Per-request log lines: state changes at Information (the classic log), reads at Debug.</summary>
    public LogLevel Level => IsRead ? LogLevel.Debug : LogLevel.Information;
}
