using System.Diagnostics;
using System.Net;
using FileShare.Bench.Infrastructure;

namespace FileShare.Bench.Transport;

/// <summary>
/// <c>transport</c>: the same session, heartbeat and request load against a LiteNetLib echo server and an echo server
/// on our own UDP transport style, one after the other in one run, each in a child process. Per transport: connect
/// every session, measure heartbeats only (the idle cost), then each request rate after a warm-up. Prints one table.
/// </summary>
internal sealed class TransportScenario(TransportSettings settings)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    /// <summary>How long replies to a step's requests may still come after its window; later ones count as lost.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(5);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var s = settings;
        var started = Stopwatch.GetTimestamp();
        Report.Line($"transport: {s.Sessions:N0} sessions, heartbeats at 1 Hz, rates {string.Join(", ", s.Rates)} req/s, " +
            $"{s.Duration.TotalSeconds:0} s per step after {s.Warmup.TotalSeconds:0} s warm-up; load average {MachineStats.LoadAverage()}");
        var results = new List<StepResult>();
        var connectTimes = new Dictionary<TransportKind, TimeSpan>();
        foreach (var kind in s.Transports)
        {
            var (connect, steps) = await RunTransportAsync(kind, cancellationToken).ConfigureAwait(false);
            connectTimes[kind] = connect;
            results.AddRange(steps);
        }

        TransportReport.Print(s, results, connectTimes, Stopwatch.GetElapsedTime(started));
        return 0;
    }

    private async Task<(TimeSpan Connect, List<StepResult> Steps)> RunTransportAsync(TransportKind kind, CancellationToken cancellationToken)
    {
        var s = settings;
        await using var server = await EchoServerProcess.StartAsync(kind, s, cancellationToken).ConfigureAwait(false);
        Report.Line($"{Name(kind)}: echo server {server.Pid} on 127.0.0.1:{server.Port}; opening {s.Sessions:N0} sessions");
        var endPoint = new IPEndPoint(IPAddress.Loopback, server.Port);
        var control = new LoadControl();
        var threads = Math.Clamp(s.ClientThreads, 1, s.Sessions);
        var workers = Enumerable.Range(0, threads).Select(i =>
        {
            var first = (int)((long)s.Sessions * i / threads);
            var count = (int)((long)s.Sessions * (i + 1) / threads) - first;
            Func<LoadWorker, ITransportSession> create = kind == TransportKind.LiteNetLib
                ? worker => new LnlClientSession(worker, endPoint)
                : worker => new UdpClientSession(worker, endPoint, worker.ReceiveBuffer);
            return new LoadWorker(i, first, count, threads, periodicUpdates: kind == TransportKind.LiteNetLib, create, control);
        }).ToList();

        var connectStarted = Stopwatch.GetTimestamp();
        workers.ForEach(w => w.Start());
        try
        {
            while (workers.Sum(w => w.Ready) < s.Sessions)
            {
                ThrowIfFailed(workers);
                if (Stopwatch.GetElapsedTime(connectStarted) > ConnectTimeout)
                {
                    throw new TimeoutException($"{Name(kind)}: {workers.Sum(w => w.Ready)} of {s.Sessions} sessions ready after {ConnectTimeout.TotalSeconds:0} s.");
                }

                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }

            var connect = Stopwatch.GetElapsedTime(connectStarted);
            Report.Line($"{Name(kind)}: {s.Sessions:N0} sessions ready in {connect.TotalSeconds:0.0} s (sockets made and opened at 5,000/s); " +
                $"heartbeats only for {(Settle + s.Duration).TotalSeconds:0} s");
            control.LoadStarted = Stopwatch.GetTimestamp();
            await Task.Delay(Settle, cancellationToken).ConfigureAwait(false);

            var steps = new List<StepResult> { await MeasureAsync(kind, 0, server, workers, control, cancellationToken).ConfigureAwait(false) };
            foreach (var rate in s.Rates)
            {
                Report.Line($"{Name(kind)}: {rate:N0} req/s, {s.Warmup.TotalSeconds:0} s warm-up then {s.Duration.TotalSeconds:0} s measured; load average {MachineStats.LoadAverage()}");
                control.RequestRate = rate;
                await Task.Delay(s.Warmup, cancellationToken).ConfigureAwait(false);
                steps.Add(await MeasureAsync(kind, rate, server, workers, control, cancellationToken).ConfigureAwait(false));
            }

            return (connect, steps);
        }
        finally
        {
            control.Stop();
            workers.ForEach(w => w.Join());
        }
    }

    /// <summary>One window: heartbeats, and requests at the current rate (none when <paramref name="rate"/> is 0).</summary>
    private async Task<StepResult> MeasureAsync(
        TransportKind kind, int rate, EchoServerProcess server, List<LoadWorker> workers, LoadControl control, CancellationToken cancellationToken)
    {
        var windowStart = Stopwatch.GetTimestamp();
        var windowEnd = windowStart + (long)(settings.Duration.TotalSeconds * Stopwatch.Frequency);
        workers.ForEach(w => w.BeginRecording(windowStart, windowEnd));
        var before = await StepSample.TakeAsync(server, workers, cancellationToken).ConfigureAwait(false);
        await Task.Delay(settings.Duration, cancellationToken).ConfigureAwait(false);
        var after = await StepSample.TakeAsync(server, workers, cancellationToken).ConfigureAwait(false);
        var serverRss = ProcessStats.Rss(server.Pid);
        var serverPeakRss = ProcessStats.PeakRss(server.Pid);
        var loadAverage = MachineStats.LoadAverage();
        control.RequestRate = 0;

        // Replies may still be on their way (or queued in LiteNetLib); wait for them, within reason.
        var drainStarted = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(drainStarted) < Drain)
        {
            var progress = workers.Select(w => w.Progress()).ToList();
            if (progress.Sum(p => p.Replied) >= progress.Sum(p => p.Sent))
            {
                break;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        ThrowIfFailed(workers);
        var recorders = workers.Select(w => w.EndRecording()).ToList();
        var seconds = (after.Timestamp - before.Timestamp) / (double)Stopwatch.Frequency;
        var window = TimeSpan.FromSeconds(seconds);
        var serverCores = (after.ServerCpu - before.ServerCpu).TotalSeconds / seconds;
        var generatorCores = (after.GeneratorCpu - before.GeneratorCpu).TotalSeconds / seconds;
        var sent = recorders.Sum(r => r.Sent);
        var replied = recorders.Sum(r => r.Replied);
        var latencies = recorders.SelectMany(r => r.Latencies).Order().ToList();
        return new StepResult(
            Transport: kind,
            Rate: rate,
            Sessions: workers.Sum(w => w.Ready),
            HeartbeatsSentPerSecond: (after.HeartbeatsSent - before.HeartbeatsSent) / seconds,
            HeartbeatsReceivedPerSecond: (after.Server.Heartbeats - before.Server.Heartbeats) / seconds,
            Offered: sent / seconds,
            Served: replied / seconds,
            Lost: sent - replied,
            SortedLatencies: latencies,
            ServerCores: serverCores,
            ServerThreads: ThreadCpu.Describe(before.ServerThreads, after.ServerThreads, window),
            ServerRss: serverRss,
            ServerPeakRss: serverPeakRss,
            GeneratorCores: generatorCores,
            OtherCores: Math.Max(0, MachineStats.BusyCores(before.Machine, after.Machine) - serverCores - generatorCores),
            ClientDisconnects: after.ClientDisconnects - before.ClientDisconnects,
            ServerPeers: after.Server.Peers,
            HeartbeatGapsOverTimeout: after.Server.GapsOverTimeout - before.Server.GapsOverTimeout,
            LongestHeartbeatGapMilliseconds: after.Server.LongestGapMilliseconds,
            UdpReceiveBufferErrors: after.UdpReceiveBufferErrors - before.UdpReceiveBufferErrors,
            LongestLoopGapMilliseconds: recorders.Max(r => r.LongestLoopGapTicks) * 1000.0 / Stopwatch.Frequency,
            ServerGcPauseMilliseconds: after.Server.GcPauseMilliseconds - before.Server.GcPauseMilliseconds,
            ServerCollections: after.Server.Collections - before.Server.Collections,
            GeneratorGcPauseMilliseconds: (after.GeneratorGcPause - before.GeneratorGcPause).TotalMilliseconds,
            LoadAverage: loadAverage);
    }

    private static void ThrowIfFailed(List<LoadWorker> workers)
    {
        if (workers.Select(w => w.Failure).FirstOrDefault(f => f is not null) is { } failure)
        {
            throw new InvalidOperationException("A load worker failed: " + failure.Message, failure);
        }
    }

    public static string Name(TransportKind kind) => kind == TransportKind.LiteNetLib ? "litenetlib" : "udp";
}
