using System.Diagnostics;
using System.Globalization;

namespace FileShare.Bench.Transport;

/// <summary>
/// What an echo server counts, from whichever threads its transport calls back on: heartbeats, requests answered, and
/// heartbeat gaps longer than the tracker's 3 s session timeout (each would be a false expiry there).
/// </summary>
internal sealed class EchoCounters
{
    private static readonly long s_timeoutTicks = 3 * Stopwatch.Frequency;
    private readonly long[] _lastHeartbeat;
    private long _heartbeats;
    private long _requests;
    private long _gapsOverTimeout;
    private long _longestGapTicks;
    private long _connects;
    private long _disconnects;

    public EchoCounters(int sessions) => _lastHeartbeat = new long[Math.Max(1, sessions)];

    public void Heartbeat(int session)
    {
        Interlocked.Increment(ref _heartbeats);
        if ((uint)session >= (uint)_lastHeartbeat.Length)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var previous = Interlocked.Exchange(ref _lastHeartbeat[session], now);
        if (previous == 0)
        {
            return;
        }

        var gap = now - previous;
        if (gap > s_timeoutTicks)
        {
            Interlocked.Increment(ref _gapsOverTimeout);
        }

        long longest;
        while (gap > (longest = Interlocked.Read(ref _longestGapTicks))
            && Interlocked.CompareExchange(ref _longestGapTicks, gap, longest) != longest)
        {
        }
    }

    public void Request() => Interlocked.Increment(ref _requests);

    public void Connected() => Interlocked.Increment(ref _connects);

    public void Disconnected() => Interlocked.Increment(ref _disconnects);

    /// <summary>
    /// One stats line: totals so far (the process's GC pauses too), and the longest heartbeat gap since the previous
    /// line (which this resets).
    /// <see cref="ServerStats.Parse"/> reads it back.
    /// </summary>
    public string StatsLine(int peers)
    {
        var longest = Interlocked.Exchange(ref _longestGapTicks, 0);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{ServerStats.Prefix}{Interlocked.Read(ref _heartbeats)} {Interlocked.Read(ref _requests)} {Interlocked.Read(ref _gapsOverTimeout)} " +
            $"{longest * 1000 / Stopwatch.Frequency} {peers} {Interlocked.Read(ref _connects)} {Interlocked.Read(ref _disconnects)} " +
            $"{(long)GC.GetTotalPauseDuration().TotalMilliseconds} {GC.CollectionCount(0)}");
    }
}
