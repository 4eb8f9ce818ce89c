using System.Diagnostics;

namespace FileShare.Bench.Infrastructure;

/// <summary>CPU use of a process over a measured window, as a fraction of one core.</summary>
internal sealed class CpuMeter
{
    private readonly int _pid;
    private readonly TimeSpan _startCpu;
    private readonly long _startTimestamp;

    public CpuMeter(int pid)
    {
        _pid = pid;
        _startCpu = ProcessStats.CpuTime(pid);
        _startTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>Cores used on average since construction (1.0 = one core fully busy).</summary>
    public double CoresUsed()
    {
        var wall = Stopwatch.GetElapsedTime(_startTimestamp);
        return (ProcessStats.CpuTime(_pid) - _startCpu) / wall;
    }
}
