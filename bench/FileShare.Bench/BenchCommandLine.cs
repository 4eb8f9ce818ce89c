using System.CommandLine;
using FileShare.Bench.Codec;
using FileShare.Bench.Infrastructure;
using FileShare.Bench.TrackerLoad;
using FileShare.Bench.Transfer;

namespace FileShare.Bench;

/// <summary>The bench command line: <c>transfer</c>, <c>tracker [--index]</c> and <c>codec</c>.</summary>
internal static class BenchCommandLine
{
    public static RootCommand Build()
    {
        var workDirectory = new Option<string?>("--work-dir") { Description = "Parent of the scratch directory (default: the system temp directory)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the scratch directory (logs, data) after the run." };
        var root = new RootCommand("FileShare benchmarks. See docs/PERFORMANCE.md.")
        {
            BuildTransfer(workDirectory, keep),
            BuildTracker(workDirectory, keep),
            BuildCodec(),
        };
        return root;
    }

    private static Command BuildTransfer(Option<string?> workDirectory, Option<bool> keep)
    {
        var size = new Option<string>("--size") { Description = "Size of the large file.", DefaultValueFactory = _ => "1GiB" };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of FileShare and of the baseline, alternating.", DefaultValueFactory = _ => 3 };
        var smallFiles = new Option<int>("--small-files") { Description = "Small files fetched one after another.", DefaultValueFactory = _ => 1000 };
        var smallSize = new Option<string>("--small-size") { Description = "Size of each small file.", DefaultValueFactory = _ => "4KiB" };
        var buffer = new Option<string>("--buffer") { Description = "Baseline copy buffer (the peer's TransferBufferBytes).", DefaultValueFactory = _ => "4MiB" };
        var baselineFlush = new Option<bool>("--baseline-flush")
        {
            Description = "Flush the baseline's file to disk at the end, as the downloader does.",
            DefaultValueFactory = _ => true,
        };
        var command = new Command("transfer", "A large file and many small files fetched between two real peers, against a plain socket copy.")
        {
            size, rounds, smallFiles, smallSize, buffer, baselineFlush, workDirectory, keep,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var settings = new TransferSettings(
                ByteSize.Parse(parse.GetValue(size)!),
                Math.Max(1, parse.GetValue(rounds)),
                Math.Max(0, parse.GetValue(smallFiles)),
                (int)ByteSize.Parse(parse.GetValue(smallSize)!),
                (int)ByteSize.Parse(parse.GetValue(buffer)!),
                parse.GetValue(baselineFlush),
                parse.GetValue(workDirectory),
                parse.GetValue(keep));
            return new TransferScenario(settings).RunAsync(cancellationToken);
        });
        return command;
    }

    private static Command BuildCodec()
    {
        var filter = new Option<string?>("--filter") { Description = "BenchmarkDotNet filter (default: every codec benchmark)." };
        var quick = new Option<bool>("--quick") { Description = "3 iterations instead of 20: a smoke run, not a measurement." };
        var artifacts = new Option<string?>("--artifacts") { Description = "Where BenchmarkDotNet writes its reports." };
        var command = new Command("codec", "Encode+decode ns/op and bytes allocated of the control codec (BenchmarkDotNet).")
        {
            filter, quick, artifacts,
        };
        command.SetAction(parse => CodecScenario.Run(parse.GetValue(filter), parse.GetValue(quick), parse.GetValue(artifacts)));
        return command;
    }

    private static Command BuildTracker(Option<string?> workDirectory, Option<bool> keep)
    {
        var index = new Option<bool>("--index")
        {
            Description = "Index mode: preload --publications (default 1,000,000) and measure sch and get over it.",
        };
        var sessions = new Option<int>("--sessions") { Description = "Simulated peers, logged in and heartbeating at 1 Hz.", DefaultValueFactory = _ => 10_000 };
        var rate = new Option<int?>("--rate") { Description = "Target mix requests per second (default 20000; 2000 with --index)." };
        var mix = new Option<string?>("--mix")
        {
            Description = "Request weights (default sch=30,get=40,lap=10,lpf=19,pub=1; sch=50,get=50 with --index).",
        };
        var duration = new Option<int>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 30 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of load before measuring.", DefaultValueFactory = _ => 5 };
        var sockets = new Option<int>("--sockets") { Description = "UDP sockets the sessions are spread over.", DefaultValueFactory = _ => 4 };
        var filesPerUser = new Option<int>("--files-per-user")
        {
            Description = "Publications preloaded per session user (without --index).",
            DefaultValueFactory = _ => 10,
        };
        var publications = new Option<int>("--publications") { Description = "Publications preloaded with --index.", DefaultValueFactory = _ => 1_000_000 };
        var copies = new Option<int>("--copies") { Description = "Publishers per name.", DefaultValueFactory = _ => 4 };
        var logLevel = new Option<string>("--log-level")
        {
            Description = "The tracker's log level (Information is its default and logs every request).",
            DefaultValueFactory = _ => "Information",
        };
        var trackerCpu = new Option<string?>("--tracker-cpu")
        {
            Description = "Run the tracker on these CPUs (taskset list, e.g. 0); start the bench itself under taskset on the others.",
        };
        var command = new Command("tracker", "One real tracker under N heartbeating sessions and a request mix.")
        {
            index, sessions, rate, mix, duration, warmup, sockets, filesPerUser, publications, copies, logLevel, trackerCpu, workDirectory, keep,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var indexMode = parse.GetValue(index);
            var sessionCount = Math.Max(2, parse.GetValue(sessions));
            var settings = new TrackerSettings(
                sessionCount,
                parse.GetValue(rate) ?? (indexMode ? 2_000 : 20_000),
                RequestMix.Parse(parse.GetValue(mix) ?? (indexMode ? "sch=50,get=50" : "sch=30,get=40,lap=10,lpf=19,pub=1")),
                TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(duration))),
                TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(warmup))),
                Math.Clamp(parse.GetValue(sockets), 1, sessionCount),
                indexMode ? parse.GetValue(publications) : sessionCount * Math.Max(1, parse.GetValue(filesPerUser)),
                Math.Max(1, parse.GetValue(copies)),
                indexMode,
                parse.GetValue(logLevel)!,
                parse.GetValue(trackerCpu),
                parse.GetValue(workDirectory),
                parse.GetValue(keep));
            return new TrackerScenario(settings).RunAsync(cancellationToken);
        });
        return command;
    }
}
