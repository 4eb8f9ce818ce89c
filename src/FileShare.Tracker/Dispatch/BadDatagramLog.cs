using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Dispatch;

/// <summary>
/// Logs rejected datagrams without letting a flood of garbage flood the log: at most a fixed number per window,
/// then one line saying how many more were dropped.
/// </summary>
internal sealed partial class BadDatagramLog
{
    private readonly ILogger<BadDatagramLog> _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly int _limit;
    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _logged;
    private int _suppressed;

    public BadDatagramLog(IOptions<TrackerOptions> options, TimeProvider time, ILogger<BadDatagramLog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _time = time;
        _interval = options.Value.BadDatagramLogInterval;
        _limit = options.Value.BadDatagramLogLimit;
    }

    /// <summary>Total bad datagrams seen since start.</summary>
    public long Total { get; private set; }

    /// <summary>Counts and (within the window's limit) logs a rejected datagram. Thread-safe.</summary>
    public void Report(IPEndPoint remote, int length, string reason, bool answered)
    {
        ArgumentNullException.ThrowIfNull(remote);
        lock (_lock)
        {
            ReportLocked(remote, length, reason, answered);
        }
    }

    private void ReportLocked(IPEndPoint remote, int length, string reason, bool answered)
    {
        Total++;
        var now = _time.GetUtcNow();
        if (now - _windowStart >= _interval)
        {
            if (_suppressed > 0)
            {
                LogSuppressed(_logger, _suppressed, _interval.TotalSeconds);
            }

            _windowStart = now;
            _logged = 0;
            _suppressed = 0;
        }

        if (_logged < _limit)
        {
            _logged++;
            var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
            LogBadDatagram(_logger, address, remote.Port, length, answered ? "answered with an error" : "dropped", reason);
        }
        else
        {
            _suppressed++;
        }
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "{Port}: Bad datagram from {Address} ({Length} bytes), {Action}: {Reason}")]
    private static partial void LogBadDatagram(ILogger logger, IPAddress address, int port, int length, string action, string reason);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "{Count} more bad datagrams in the last {Seconds} s were not logged")]
    private static partial void LogSuppressed(ILogger logger, int count, double seconds);
}
