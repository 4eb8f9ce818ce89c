namespace FileShare.Tracker.Hosting;

/// <summary>
/// Garbage collector figures for the Debug log, so a latency tail can be matched against collections: the runtime
/// counts pauses exactly, but reports the length of the last collection only, so the longest one is sampled.
/// </summary>
internal sealed class RuntimeStats
{
    private long _lastSeenIndex = -1;
    private TimeSpan _longestPause;

    /// <summary>Looks at the most recent collection (called often enough to see most of them).</summary>
    public void Sample()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        if (info.Index == _lastSeenIndex)
        {
            return;
        }

        _lastSeenIndex = info.Index;
        foreach (var pause in info.PauseDurations)
        {
            if (pause > _longestPause)
            {
                _longestPause = pause;
            }
        }
    }

    /// <summary>Total pause time since start.</summary>
    public static TimeSpan TotalPause => GC.GetTotalPauseDuration();

    /// <summary>Collections since start, all generations.</summary>
    public static int Collections => GC.CollectionCount(0);

    /// <summary>The longest pause among the sampled collections.</summary>
    public TimeSpan LongestPause => _longestPause;

    /// <summary>Managed heap size after the last collection.</summary>
    public static long HeapBytes => GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes;
}
