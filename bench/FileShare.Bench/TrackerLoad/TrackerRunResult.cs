using System.Globalization;
using FileShare.Bench.Infrastructure;
using FileShare.Protocol.Messages;

namespace FileShare.Bench.TrackerLoad;

/// <summary>Everything one tracker run measured, and its printed table.</summary>
internal sealed record TrackerRunResult(
    TrackerSettings Settings,
    PublicationPlan Plan,
    IReadOnlyList<LoadStats> Stats,
    int Lost,
    TimeSpan Window,
    TimeSpan LoginTime,
    int ActiveAtEnd,
    double HeartbeatRate,
    double TrackerCores,
    double LoadGeneratorCores,
    TimeSpan TrackerStartup,
    long RssAfterLoad,
    long RssAtEnd,
    long PeakRss,
    long WindowStarted,
    IReadOnlyList<(string Label, string Value)> Diagnostics)
{
    private static readonly TimeSpan Bucket = TimeSpan.FromMilliseconds(100);

    private static readonly string[] KindNames = ["sch", "get", "lap", "lpf", "pub", "control"];

    public void Print()
    {
        var s = Settings;
        var heartbeatRejections = Stats.Sum(x => x.HeartbeatRejections);
        var requestRejections = Stats.SelectMany(x => x.Errors).Where(e => e.Key.Code == ErrorCode.NotAuthenticated).Sum(e => e.Value);
        var all = Stats.SelectMany(x => Enum.GetValues<RequestKind>().SelectMany(x.Latencies)).Order().ToList();
        var sent = Stats.Sum(x => x.MeasuredSent);

        Report.Heading(s.IndexMode ? "tracker index results" : "tracker results");
        Report.Row("publications preloaded", $"{Plan.Publications:N0} ({Plan.DistinctNames:N0} names, {Plan.Users:N0} users)");
        Report.Row("tracker startup (load to ready line)", $"{TrackerStartup.TotalSeconds:0.0} s");
        Report.Row("tracker log level", s.LogLevel);
        Report.Row("sessions logged in (SCRAM)", $"{s.Sessions:N0} in {LoginTime.TotalSeconds:0.0} s over {s.Sockets} sockets");
        Report.Row("heartbeats sent", Report.Rate(HeartbeatRate, "/s"));
        Report.Row("false expiries (NotAuthenticated)", $"{heartbeatRejections + requestRejections} ({heartbeatRejections} heartbeats, {requestRejections} requests)");
        Report.Row("active sessions at the end (lap)", $"{ActiveAtEnd:N0} of {s.Sessions:N0}");
        Report.Row("request mix", s.Mix.Text);
        Report.Row("requests offered", Report.Rate(sent / Window.TotalSeconds, "req/s") + $" (target {s.Rate})");
        Report.Row("requests served", Report.Rate(all.Count / Window.TotalSeconds, "req/s"));
        var busy = Stats.SelectMany(x => x.BusyLatencies).Order().ToList();
        Report.Row("requests answered Busy", $"{Report.Rate(busy.Count / Window.TotalSeconds, "req/s")} ({busy.Count:N0}; logins and other calls: {Stats.Sum(x => x.BusyControl):N0})");
        Report.Row("requests lost (no reply)", Lost.ToString(CultureInfo.InvariantCulture));
        Report.Row("latency p50 / p99 / p999 (served)", Latency(all));
        if (busy.Count > 0)
        {
            Report.Row("  Busy answers p50 / p99 / p999", Latency(busy));
        }
        foreach (var kind in Enum.GetValues<RequestKind>())
        {
            var latencies = Stats.SelectMany(x => x.Latencies(kind)).Order().ToList();
            if (latencies.Count > 0)
            {
                Report.Row($"  {KindNames[(int)kind]} p50 / p99 / p999 ({latencies.Count:N0})", Latency(latencies));
            }
        }

        foreach (var ((kind, code), count) in Stats.SelectMany(x => x.Errors).Where(e => e.Key.Code != ErrorCode.Busy)
            .GroupBy(e => e.Key, e => e.Value).ToDictionary(g => g.Key, g => g.Sum()))
        {
            Report.Row($"  {KindNames[(int)kind]} errors {code}", count.ToString(CultureInfo.InvariantCulture));
        }

        Report.Row("tracker CPU (window)", string.Create(CultureInfo.InvariantCulture, $"{TrackerCores:0.00} cores ({TrackerCores * 100:0}% of one)"));
        Report.Row("load generator CPU (window)", string.Create(CultureInfo.InvariantCulture, $"{LoadGeneratorCores:0.00} cores"));
        Report.Row("tracker RSS after load / at end / peak", $"{Report.Bytes(RssAfterLoad)} / {Report.Bytes(RssAtEnd)} / {Report.Bytes(PeakRss)}");
        foreach (var (label, value) in Diagnostics)
        {
            Report.Row(label, value);
        }

        Report.Row("slowest 100 ms slices (offset: max, count)", SlowestBuckets());
    }

    /// <summary>The eight 100 ms slices of the window whose requests waited longest: is the tail one burst or spread out?</summary>
    private string SlowestBuckets()
    {
        var buckets = Stats.SelectMany(x => x.Timeline)
            .GroupBy(t => (int)(System.Diagnostics.Stopwatch.GetElapsedTime(WindowStarted, t.Sent) / Bucket))
            .Select(g => (Offset: g.Key * Bucket.TotalSeconds, Max: g.Max(t => t.Microseconds), Count: g.Count()))
            .OrderByDescending(b => b.Max)
            .Take(8)
            .OrderBy(b => b.Offset);
        return string.Join("; ", buckets.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Offset:0.0} s: {b.Max / 1000:0.0} ms, {b.Count}")));
    }

    private static string Latency(List<double> sorted) =>
        $"{Report.Millis(Percentiles.Of(sorted, 0.50))} / {Report.Millis(Percentiles.Of(sorted, 0.99))} / {Report.Millis(Percentiles.Of(sorted, 0.999))}";
}
