namespace FileShare.Tracker.Hosting;

/// <summary>
/// The longest garbage collector pause, for the Debug log (so a latency tail can be matched against collections):
/// the runtime counts pauses and collections exactly, but reports the length of the last collection only, so the
/// longest one is sampled.
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

    /// <summary>The longest pause among the sampled collections.</summary>
    public TimeSpan LongestPause => _longestPause;
}
