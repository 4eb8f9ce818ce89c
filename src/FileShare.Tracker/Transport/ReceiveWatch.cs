using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Transport;

/// <summary>
/// The receive thread's periodic look at itself: whether the socket's queue is empty (everything before now has been
/// read), whether the kernel dropped datagrams at the socket since the last look, and how many requests were answered
/// Busy, reported to <see cref="ReceiveHealth"/> and, at most once a second, to the log. Used by one thread only.
/// </summary>
internal sealed class ReceiveWatch(int port, TimeProvider time, ReceiveHealth health)
{
    /// <summary>How often the kernel's drop counter is read (a /proc file).</summary>
    private static readonly TimeSpan DropCheckInterval = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan BusyLogInterval = TimeSpan.FromSeconds(1);

    private long _drops = SocketDrops.AtPort(port);
    private long _lastDropCheck;
    private long _lastBusyLog;
    private long _busySinceLog;

    /// <summary>What a look found worth logging.</summary>
    /// <param name="Dropped">Datagrams the kernel dropped since the last look.</param>
    /// <param name="Busy">Requests answered Busy since the last log line about them, when one is due.</param>
    public readonly record struct Findings(long Dropped, long Busy);

    public void CountBusy() => _busySinceLog++;

    public Findings Probe(long now, bool queueEmpty)
    {
        if (queueEmpty)
        {
            health.ReportDrained(now);
        }

        if (time.GetElapsedTime(_lastDropCheck, now) < DropCheckInterval)
        {
            return default;
        }

        _lastDropCheck = now;
        long dropped = 0;
        var total = SocketDrops.AtPort(port);
        if (total > _drops)
        {
            health.ReportLoss(now);
            dropped = total - _drops;
        }

        _drops = total;
        long busy = 0;
        if (_busySinceLog > 0 && time.GetElapsedTime(_lastBusyLog, now) >= BusyLogInterval)
        {
            busy = _busySinceLog;
            _busySinceLog = 0;
            _lastBusyLog = now;
        }

        return new Findings(dropped, busy);
    }
}
