using System.Diagnostics;
using System.Globalization;
using System.Net;
using FileShare.Bench.Infrastructure;
using FileShare.Protocol.Messages;
using FileShare.Tracker.Transport;

namespace FileShare.Bench.TrackerLoad;

/// <summary>
/// <c>tracker</c> (and <c>tracker --index</c>): one real tracker process preloaded with publications, N sessions
/// logged in through SCRAM and heartbeating every second over a few sockets, and a paced request mix. Reports false
/// expiries, requests served, latency percentiles, and the tracker's CPU and memory.
/// </summary>
internal sealed class TrackerScenario
{
    /// <summary>Logins in flight at once (the tracker keeps at most 10,000 pending exchanges).</summary>
    private const int LoginConcurrency = 128;

    // The tracker's default session timeout is 3 s: keep heartbeating a little longer after the load stops, so an
    // expiry caused by the load would show in the final count.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(4);
    private readonly TrackerSettings _settings;

    public TrackerScenario(TrackerSettings settings) => _settings = settings;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var s = _settings;
        MessageCodec.Prepare(); // the generator's own first use of the codec stays out of the load
        using var work = new WorkDirectory(s.WorkDirectory, s.IndexMode ? "index" : "tracker", s.Keep);
        var trackerDirectory = work.Sub("tracker");
        var cache = Path.Combine(Path.GetTempPath(), "fileshare-bench-cache");
        Report.Line($"preparing {s.Sessions} accounts (PBKDF2 once, cached in {cache})");
        var users = BenchUsers.Load(s.Sessions, cache);
        await File.WriteAllLinesAsync(Path.Combine(trackerDirectory, "credentials.txt"), users.Select(u => u.CredentialLine), cancellationToken)
            .ConfigureAwait(false);
        var plan = new PublicationPlan(s.Sessions, s.Publications, s.Copies);
        Report.Line($"writing a snapshot of {plan.Publications} publications ({plan.DistinctNames} names, {plan.Copies} publishers each)");
        SnapshotWriter.Write(Path.Combine(trackerDirectory, "data"), plan, users);

        var trackerSettings = new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = s.LogLevel,
            ["Logging:LogLevel:FileShare.Tracker.Hosting.TrackerMaintenance"] = "Debug",
            ["Tracker:RuntimeStatsInterval"] = "00:00:01",
        };
        await using var tracker = await TrackerProcess.StartAsync(trackerDirectory, trackerSettings, s.TrackerCpu, TimeSpan.FromMinutes(5), cancellationToken)
            .ConfigureAwait(false);
        var loadedRss = ProcessStats.Rss(tracker.Pid);
        Report.Line($"tracker {tracker.Pid} ready on port {tracker.Port} after {tracker.StartupTime.TotalSeconds:0.0} s, RSS {Report.Bytes(loadedRss)}");

        var endPoint = new IPEndPoint(IPAddress.Loopback, tracker.Port);
        var clients = Enumerable.Range(0, s.Sockets).Select(_ => new LoadClient(endPoint)).ToList();
        try
        {
            var sessions = users.Select((user, i) => (Client: clients[i % clients.Count], Session: clients[i % clients.Count].AddSession(user, 20_000 + i)))
                .ToList();
            var drivers = clients.Select((client, i) => new LoadDriver(client, s.Mix, plan, seed: 1000 + i)).ToList();
            using var stopDrivers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var loops = drivers.Select(driver => Task.Run(() => driver.RunAsync(stopDrivers.Token), CancellationToken.None)).ToList();

            // Heartbeats start as soon as each session has its token.
            var loginStarted = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(
                sessions,
                new ParallelOptions { MaxDegreeOfParallelism = LoginConcurrency, CancellationToken = cancellationToken },
                async (entry, token) => await entry.Client.LoginAsync(entry.Session, token).ConfigureAwait(false)).ConfigureAwait(false);
            var loginTime = Stopwatch.GetElapsedTime(loginStarted);
            Report.Line($"{sessions.Count} sessions logged in through SCRAM in {loginTime.TotalSeconds:0.0} s; warming up {s.Warmup.TotalSeconds:0} s at {s.Rate} req/s");

            foreach (var driver in drivers)
            {
                driver.Rate = (double)s.Rate / drivers.Count;
            }

            await Task.Delay(s.Warmup, cancellationToken).ConfigureAwait(false);
            Report.Line($"measuring for {s.Duration.TotalSeconds:0} s");
            var trackerCpu = new CpuMeter(tracker.Pid);
            var ownCpu = new CpuMeter(Environment.ProcessId);
            var trackerThreads = new ThreadCpuMeter(tracker.Pid);
            var heartbeatsBefore = clients.Sum(c => c.Stats.HeartbeatsSent);
            var trackerDropsBefore = SocketDrops.AtPort(tracker.Port);
            var clientDropsBefore = clients.Sum(c => SocketDrops.AtPort(c.LocalPort));
            var ownPauseBefore = GC.GetTotalPauseDuration();
            var trackerGcBefore = TrackerProcess.LatestGcStats();
            var ownGen2Before = GC.CollectionCount(2);
            var windowStarted = Stopwatch.GetTimestamp();
            drivers.ForEach(d => d.Measuring = true);
            await Task.Delay(s.Duration, cancellationToken).ConfigureAwait(false);
            drivers.ForEach(d =>
            {
                d.Measuring = false;
                d.Rate = 0;
            });
            var window = Stopwatch.GetElapsedTime(windowStarted);
            var trackerCores = trackerCpu.CoresUsed();
            var busiestThreads = trackerThreads.Describe();

            // Recovery: how soon after the load stops a request is served again (the call waits out Busy answers).
            var (firstClient, firstSession) = sessions[0];
            var recovery = Stopwatch.StartNew();
            await firstClient.CallAsync(firstSession, new ListActivePeersRequest(null), cancellationToken).ConfigureAwait(false);
            recovery.Stop();
            var ownCores = ownCpu.CoresUsed();
            var heartbeatRate = (clients.Sum(c => c.Stats.HeartbeatsSent) - heartbeatsBefore) / window.TotalSeconds;
            var diagnostics = new List<(string, string)>
            {
                ("tracker CPU by thread (cores)", busiestThreads),
                ("first request served after the load stopped", $"{recovery.Elapsed.TotalMilliseconds:0.0} ms"),
                ("datagrams dropped at the tracker's socket", (SocketDrops.AtPort(tracker.Port) - trackerDropsBefore).ToString("N0", CultureInfo.InvariantCulture)),
                ("datagrams dropped at the generator's sockets", (clients.Sum(c => SocketDrops.AtPort(c.LocalPort)) - clientDropsBefore).ToString("N0", CultureInfo.InvariantCulture)),
                ("tracker GC pauses in the window (total, count, longest)", TrackerGc(trackerGcBefore, TrackerProcess.LatestGcStats())),
                ("generator GC pauses (total, gen2 count)", $"{(GC.GetTotalPauseDuration() - ownPauseBefore).TotalMilliseconds:0} ms, {GC.CollectionCount(2) - ownGen2Before}"),
                ("generator longest tick gap", $"{drivers.Max(d => d.LongestTickGap).TotalMilliseconds:0.0} ms"),
            };

            Report.Line($"load stopped; heartbeats continue {Settle.TotalSeconds:0} s before counting active sessions");
            await Task.Delay(Settle, cancellationToken).ConfigureAwait(false);
            var active = await CountActiveSessionsAsync(sessions, cancellationToken).ConfigureAwait(false);
            await stopDrivers.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(loops).ConfigureAwait(false);

            var result = new TrackerRunResult(
                Settings: s,
                Plan: plan,
                Stats: clients.Select(c => c.Stats).ToList(),
                Lost: clients.Sum(c => c.MeasuredPending),
                Window: window,
                LoginTime: loginTime,
                ActiveAtEnd: active,
                HeartbeatRate: heartbeatRate,
                TrackerCores: trackerCores,
                LoadGeneratorCores: ownCores,
                TrackerStartup: tracker.StartupTime,
                RssAfterLoad: loadedRss,
                RssAtEnd: ProcessStats.Rss(tracker.Pid),
                PeakRss: ProcessStats.PeakRss(tracker.Pid),
                WindowStarted: windowStarted,
                Diagnostics: diagnostics);
            result.Print();
            return 0;
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private static string TrackerGc(
        (double PauseMs, int Collections, int Gen1, int Gen2, double LongestMs)? before,
        (double PauseMs, int Collections, int Gen1, int Gen2, double LongestMs)? after) =>
        before is { } b && after is { } a
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{a.PauseMs - b.PauseMs:0} ms, {a.Collections - b.Collections} ({a.Gen1 - b.Gen1} gen1, {a.Gen2 - b.Gen2} gen2), {a.LongestMs:0.0} ms (1 s samples)")
            : "not reported";

    /// <summary>Active sessions by lap, asked by the first session the tracker still knows (0 when it knows none of those tried).</summary>
    private static async Task<int> CountActiveSessionsAsync(List<(LoadClient Client, SimSession Session)> sessions, CancellationToken cancellationToken)
    {
        foreach (var (client, session) in sessions.Take(50))
        {
            var count = 0;
            string? after = null;
            while (true)
            {
                var reply = await client.CallAsync(session, new ListActivePeersRequest(after), cancellationToken).ConfigureAwait(false);
                if (reply is not NameListReply page)
                {
                    break; // this observer's own session expired: try the next one
                }

                count += page.Names.Count;
                if (!page.More || page.Names.Count == 0)
                {
                    return count + 1; // lap leaves out the asking session
                }

                after = page.Names[^1];
            }
        }

        return 0;
    }
}
