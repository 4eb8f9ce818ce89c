using System.Globalization;
using Microsoft.Extensions.Logging;

namespace FileShare.Peer.Tui.Logging;

/// <summary>
/// Writes log lines to one file, so nothing but the UI writes to the terminal while it is up.
/// One line per entry: time, level, category, message, then the exception if any.
/// </summary>
internal sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly StreamWriter _writer;
    private readonly TimeProvider _time;
    private bool _disposed;

    public FileLoggerProvider(string path, LogLevel minimumLevel, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, System.IO.FileShare.ReadWrite | System.IO.FileShare.Delete);
        _writer = new StreamWriter(stream) { AutoFlush = true };
        MinimumLevel = minimumLevel;
        _time = time;
        FilePath = path;
    }

    public string FilePath { get; }

    public LogLevel MinimumLevel { get; }

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    internal void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{_time.GetUtcNow():yyyy-MM-dd HH:mm:ss.fff} {Label(level)} {category}: {message}");
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                _writer.WriteLine(line);
                if (exception is not null)
                {
                    _writer.WriteLine(exception.ToString());
                }
            }
            catch (IOException)
            {
                // A full disk must not take the peer down; the log is best effort.
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _writer.Dispose();
        }
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
