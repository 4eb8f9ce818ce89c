namespace FileShare.Bench.Transport;

/// <summary>
/// One worker's record of one measured step: requests sent inside the window, and the latency of each reply to one of
/// them, whenever it comes. Written by the worker thread and read by the scenario, both under the worker's lock.
/// </summary>
internal sealed class StepRecorder(long windowStart, long windowEnd)
{
    public long WindowStart { get; } = windowStart;

    public long WindowEnd { get; } = windowEnd;

    public long Sent { get; set; }

    public long Replied => Latencies.Count;

    /// <summary>Send to reply, in microseconds, for requests sent inside the window.</summary>
    public List<double> Latencies { get; } = [];

    /// <summary>Heartbeats the worker sent inside the window.</summary>
    public long Heartbeats { get; set; }

    /// <summary>The worker's longest pause between two rounds of its loop inside the window (its own stalls).</summary>
    public long LongestLoopGapTicks { get; set; }

    public bool Contains(long timestamp) => timestamp >= WindowStart && timestamp < WindowEnd;
}
