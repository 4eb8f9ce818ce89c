using FileShare.Tracker.Sessions;
using Microsoft.Extensions.Logging;

namespace FileShare.Tracker.Dispatch;

/// <summary>The tracker service's log messages, each with its event id.</summary>
internal sealed partial class TrackerService
{
    [LoggerMessage(EventId = 100, Message = "{ClientPort}: Received {Command} from {User}")]
    private static partial void LogReceived(ILogger logger, LogLevel level, int clientPort, string command, string user);

    [LoggerMessage(EventId = 101, Message = "{ClientPort}: Sent {Result} to {User}")]
    private static partial void LogSent(ILogger logger, LogLevel level, int clientPort, string result, string user);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "{ClientPort}: Retransmitted {Command} (request {RequestId}) answered from the reply cache")]
    private static partial void LogRetransmission(ILogger logger, int clientPort, string command, uint requestId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "{ClientPort}: Retransmitted {Command} (request {RequestId}) waits for the journal flush")]
    private static partial void LogRetransmissionOfHeld(ILogger logger, int clientPort, string command, uint requestId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Journal flush failed; the changes it covered were refused")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "{User} logged in from {Address}, file server port {Port}")]
    private static partial void LogLoggedIn(ILogger logger, string user, string address, int port);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "{User} renamed {OldName} to {NewName}")]
    private static partial void LogRenamed(ILogger logger, string user, string oldName, string newName);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "{User} left")]
    private static partial void LogLeft(ILogger logger, string user);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "{User} timed out (not heard from for {Silence:0.0} s, more than {Seconds} s)")]
    private static partial void LogSessionExpired(ILogger logger, string user, double silence, double seconds);

    [LoggerMessage(EventId = 109, Level = LogLevel.Error, Message = "{Command} from {User} failed")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, string command, string user);

    [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "Journal compaction failed (will retry)")]
    private static partial void LogCompactionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning,
        Message = "{ClientPort}: {Command} with counter {Counter} refused ({Verdict}): a replay, or a copy from another endpoint")]
    private static partial void LogNotRunAgain(ILogger logger, int clientPort, string command, long counter, ReplayWindow.Verdict verdict);
}
