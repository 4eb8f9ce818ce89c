namespace FileShare.Bench.Transport;

/// <summary>What the scenario tells all workers at once: when the load began, the request rate, and when to stop.</summary>
internal sealed class LoadControl
{
    private long _loadStarted;
    private double _requestRate;
    private int _stopping;

    /// <summary>Stopwatch timestamp from which heartbeats are due (0 until the sessions are all ready).</summary>
    public long LoadStarted
    {
        get => Volatile.Read(ref _loadStarted);
        set => Volatile.Write(ref _loadStarted, value);
    }

    /// <summary>Requests per second over all workers (0: heartbeats only).</summary>
    public double RequestRate
    {
        get => Volatile.Read(ref _requestRate);
        set => Volatile.Write(ref _requestRate, value);
    }

    public bool Stopping => Volatile.Read(ref _stopping) != 0;

    public void Stop() => Volatile.Write(ref _stopping, 1);
}
