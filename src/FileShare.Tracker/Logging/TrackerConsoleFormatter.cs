using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace FileShare.Tracker.Logging;

/// <summary>
/// One line per entry in the classic tracker style: <c>HH:mm:ss.fff: message</c>, with the level spelled out
/// only for warnings and errors.
/// </summary>
internal sealed class TrackerConsoleFormatter : ConsoleFormatter
{
    public const string FormatterName = "fileshare";

    public TrackerConsoleFormatter()
        : base(FormatterName)
    {
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(DateTimeOffset.Now.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture));
        textWriter.Write(": ");
        var prefix = logEntry.LogLevel switch
        {
            LogLevel.Warning => "warning: ",
            LogLevel.Error => "error: ",
            LogLevel.Critical => "critical: ",
            _ => null,
        };
        if (prefix is not null)
        {
            textWriter.Write(prefix);
        }

        textWriter.Write(message);
        if (logEntry.Exception is not null)
        {
            textWriter.Write(' ');
            textWriter.Write(logEntry.Exception.ToString().ReplaceLineEndings(" | "));
        }

        textWriter.Write(Environment.NewLine);
    }
}
