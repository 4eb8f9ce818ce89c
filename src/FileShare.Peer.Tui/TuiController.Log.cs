using Microsoft.Extensions.Logging;

namespace FileShare.Peer.Tui;

/// <summary>The controller's log events (to the peer log file, never the screen).</summary>
internal sealed partial class TuiController
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Error, Message = "Command '{Line}' failed unexpectedly")]
    private partial void LogCommandFailed(string line, Exception exception);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Debug, Message = "Active peers refresh failed")]
    private partial void LogRefreshFailed(Exception exception);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Leaving the tracker did not complete")]
    private partial void LogQuitIncomplete(Exception exception);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "Commands still running at exit were abandoned")]
    private partial void LogStopTimedOut();

    [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "Background work failed at exit")]
    private partial void LogBackgroundFailed(Exception exception);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Warning, Message = "Cannot write the command history to {Path}")]
    private partial void LogHistoryWriteFailed(string path, Exception exception);

    [LoggerMessage(EventId = 1507, Level = LogLevel.Information, Message = "Transfer of {FileName} cancelled from the transfers pane")]
    private partial void LogTransferCancelled(string fileName);
}
