using System.Diagnostics;
using System.Globalization;

namespace FileShare.Bench.Infrastructure;

/// <summary>CPU use of each thread of a process over a measured window, by thread name, so the use of each core shows.</summary>
internal sealed class ThreadCpuMeter
{
    private readonly int _pid;
    private readonly Dictionary<string, TimeSpan> _start;
    private readonly long _startTimestamp;

    public ThreadCpuMeter(int pid)
    {
        _pid = pid;
        _start = ProcessStats.ThreadCpuTimes(pid);
        _startTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>The busiest threads since construction, as "name 0.42" (cores), busiest first.</summary>
    public string Busiest(int count)
    {
        var wall = Stopwatch.GetElapsedTime(_startTimestamp);
        return string.Join(", ", ProcessStats.ThreadCpuTimes(_pid)
            .Select(t => (t.Key, Cores: (t.Value - _start.GetValueOrDefault(t.Key)) / wall))
            .OrderByDescending(t => t.Cores)
            .Take(count)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Cores:0.00}")));
    }
}
