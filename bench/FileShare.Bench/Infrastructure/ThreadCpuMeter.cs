using System.Diagnostics;

namespace FileShare.Bench.Infrastructure;

/// <summary>CPU use of each thread of a process over a measured window, by thread name, so the use of each core shows.</summary>
internal sealed class ThreadCpuMeter
{
    private readonly int _pid;
    private readonly Dictionary<string, double> _start;
    private readonly long _startTimestamp;

    public ThreadCpuMeter(int pid)
    {
        _pid = pid;
        _start = ThreadCpu.Read(pid);
        _startTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>Cores per thread name since construction, busiest first.</summary>
    public string Describe() => ThreadCpu.Describe(_start, ThreadCpu.Read(_pid), Stopwatch.GetElapsedTime(_startTimestamp));
}
