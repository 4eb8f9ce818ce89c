using System.Diagnostics;
using FileShare.Bench.Infrastructure;

namespace FileShare.Bench.Transport;

/// <summary>Everything read at one edge of a measured window, so two of them give the window's figures.</summary>
internal sealed record StepSample(
    long Timestamp,
    TimeSpan ServerCpu,
    Dictionary<string, double> ServerThreads,
    TimeSpan GeneratorCpu,
    TimeSpan GeneratorGcPause,
    (long Busy, long Total) Machine,
    long UdpReceiveBufferErrors,
    long HeartbeatsSent,
    int ClientDisconnects,
    ServerStats Server)
{
    public static async Task<StepSample> TakeAsync(EchoServerProcess server, IReadOnlyList<LoadWorker> workers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(workers);
        var stats = await server.StatsAsync(cancellationToken).ConfigureAwait(false);
        return new StepSample(
            Stopwatch.GetTimestamp(),
            ProcessStats.CpuTime(server.Pid),
            ThreadCpu.Read(server.Pid),
            ProcessStats.CpuTime(Environment.ProcessId),
            GC.GetTotalPauseDuration(),
            MachineStats.CpuJiffies(),
            MachineStats.UdpReceiveBufferErrors(),
            workers.Sum(w => w.HeartbeatsSent),
            workers.Sum(w => Enum.GetValues<LiteNetLib.DisconnectReason>().Sum(w.Disconnects)),
            stats);
    }
}
