using System.Globalization;
using FileShare.Bench.Infrastructure;

namespace FileShare.Bench.Transport;

/// <summary>The comparison table of the <c>transport</c> scenario, its per-row diagnostics, and the verdict on the bar.</summary>
internal static class TransportReport
{
    private const int BarSessions = 10_000;
    private const int BarRate = 20_000;

    public static void Print(TransportSettings settings, IReadOnlyList<StepResult> results, IReadOnlyDictionary<TransportKind, TimeSpan> connectTimes, TimeSpan total)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(connectTimes);
        Report.Heading("transport results (latency: send to reply, ms; CPU in cores; lost: no reply within 5 s of the window's end)");
        var header = Format("transport", "step", "sessions", "hb/s sent", "hb/s recv", "offered/s", "served/s", "lost", "p50", "p99", "p999",
            "srv CPU", "srv RSS", "gen CPU", "other CPU");
        Console.WriteLine(header);
        Console.WriteLine(new string('-', header.Length));
        foreach (var r in results)
        {
            Console.WriteLine(Format(
                TransportScenario.Name(r.Transport),
                r.IsIdle ? "idle" : Number(r.Rate) + "/s",
                Number(r.Sessions),
                Number(r.HeartbeatsSentPerSecond),
                Number(r.HeartbeatsReceivedPerSecond),
                r.IsIdle ? "-" : Number(r.Offered),
                r.IsIdle ? "-" : Number(r.Served),
                r.IsIdle ? "-" : Number(r.Lost),
                Percentile(r, 0.50),
                Percentile(r, 0.99),
                Percentile(r, 0.999),
                Invariant($"{r.ServerCores:0.00}"),
                Report.Bytes(r.ServerRss),
                Invariant($"{r.GeneratorCores:0.00}"),
                Invariant($"{r.OtherCores:0.00}")));
        }

        Report.Heading("per step: server CPU by thread (cores), connections lost, heartbeat gaps, drops, GC, generator stalls");
        foreach (var r in results)
        {
            Console.WriteLine(string.Join("; ",
                $"{TransportScenario.Name(r.Transport)} {(r.IsIdle ? "idle" : Number(r.Rate) + "/s")}: threads {r.ServerThreads}",
                r.Transport == TransportKind.LiteNetLib
                    ? $"disconnects {Number(r.ClientDisconnects)}, server peers {Number(r.ServerPeers)}"
                    : "connectionless",
                $"heartbeat gaps > 3 s {Number(r.HeartbeatGapsOverTimeout)} (longest {Number(r.LongestHeartbeatGapMilliseconds)} ms)",
                $"UDP receive-buffer drops (whole machine) {Number(r.UdpReceiveBufferErrors)}",
                $"peak RSS {Report.Bytes(r.ServerPeakRss)}",
                $"server GC {Number(r.ServerCollections)} collections, {Number(r.ServerGcPauseMilliseconds)} ms paused",
                Invariant($"generator GC {r.GeneratorGcPauseMilliseconds:0} ms paused, longest loop gap {r.LongestLoopGapMilliseconds:0.0} ms"),
                $"load average {r.LoadAverage}"));
        }

        Report.Heading("summary");
        foreach (var (kind, connect) in connectTimes)
        {
            var idle = results.FirstOrDefault(r => r.Transport == kind && r.IsIdle);
            var best = results.Where(r => r.Transport == kind && !r.IsIdle && MeetsLatency(r, settings.Sessions)).Select(r => r.Rate).DefaultIfEmpty(0).Max();
            Report.Row(
                $"{TransportScenario.Name(kind)}",
                Invariant($"ready in {connect.TotalSeconds:0.0} s; idle cost {idle?.ServerCores:0.00} cores, {Report.Bytes(idle?.ServerRss ?? 0)}; ") +
                (best > 0 ? $"highest rate with p99 < 5 ms, nothing lost: {Number(best)} req/s" : "no rate with p99 < 5 ms and nothing lost"));
        }

        Report.Row("bar: 10,000 sessions + 20,000 req/s at p99 < 5 ms", Bar(settings, results));
        Report.Row("run time", Invariant($"{total.TotalSeconds:0} s"));
    }

    /// <summary>Whether LiteNetLib cleared the bar that would move the control plane onto it, if this run measured it.</summary>
    private static string Bar(TransportSettings settings, IReadOnlyList<StepResult> results)
    {
        var step = results.FirstOrDefault(r => r.Transport == TransportKind.LiteNetLib && r.Rate >= BarRate);
        if (settings.Sessions < BarSessions || step is null)
        {
            return "not measured by this run (needs --sessions 10000 or more and a rate of 20000)";
        }

        return MeetsLatency(step, settings.Sessions)
            ? "LiteNetLib cleared it"
            : Invariant($"LiteNetLib did not clear it (p99 {Percentile(step, 0.99)} ms, {step.Lost:N0} lost, {Number(step.Served)} served of {Number(step.Offered)}/s)");
    }

    private static bool MeetsLatency(StepResult r, int sessions) =>
        r.Lost == 0 && r.Sessions >= sessions && r.SortedLatencies.Count > 0
        && Percentiles.Of(r.SortedLatencies, 0.99) / 1000 < TransportSettings.TargetP99Milliseconds;

    private static string Percentile(StepResult r, double fraction) =>
        r.SortedLatencies.Count == 0 ? "-" : Invariant($"{Percentiles.Of(r.SortedLatencies, fraction) / 1000:0.00}");

    private static string Number(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Format(params string[] cells)
    {
        int[] widths = [10, 9, 8, 9, 9, 9, 9, 7, 8, 8, 8, 7, 9, 7, 9];
        return string.Join(' ', cells.Select((cell, i) => i < 2 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i])));
    }
}
