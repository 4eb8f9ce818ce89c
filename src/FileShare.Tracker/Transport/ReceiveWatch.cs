using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Transport;

/// <summary>
/// The receive thread's look at itself: whether the socket's queue is empty (everything before now has been read),
/// reported to <see cref="ReceiveHealth"/>, and how many requests were answered Busy, for a log line at most once a
/// second. Used by the receive thread only; the kernel's drop counter is read elsewhere, off this thread.
/// </summary>
internal sealed class ReceiveWatch(TimeProvider time, ReceiveHealth health)
{
    private static readonly TimeSpan BusyLogInterval = TimeSpan.FromSeconds(1);

    private long _lastBusyLog;
    private long _busySinceLog;

    public void CountBusy() => _busySinceLog++;

    /// <summary>Reports a drained queue; returns the Busy answers to log now (0 when no line is due).</summary>
    public long Probe(long now, bool queueEmpty)
    {
        if (queueEmpty)
        {
            health.ReportDrained(now);
        }

        if (_busySinceLog == 0 || time.GetElapsedTime(_lastBusyLog, now) < BusyLogInterval)
        {
            return 0;
        }

        var busy = _busySinceLog;
        _busySinceLog = 0;
        _lastBusyLog = now;
        return busy;
    }
}
