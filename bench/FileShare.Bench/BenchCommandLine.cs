using System.CommandLine;
using FileShare.Bench.Alloc;
using FileShare.Bench.Codec;
using FileShare.Bench.Infrastructure;
using FileShare.Bench.TrackerLoad;
using FileShare.Bench.Transfer;
using FileShare.Bench.Transport;

namespace FileShare.Bench;

/// <summary>
/// The bench command line: <c>transfer</c>, <c>tracker [--index]</c>, <c>codec</c>, <c>alloc</c> and <c>transport</c> (with its
/// hidden server commands).
/// </summary>
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
            BuildAlloc(),
            BuildTransport(),
            BuildTransportServer("transport-server-lnl", TransportKind.LiteNetLib),
            BuildTransportServer("transport-server-udp", TransportKind.Udp),
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

    private static Command BuildAlloc()
    {
        var users = new Option<int>("--sessions") { Description = "Logged-in sessions (plan users).", DefaultValueFactory = _ => 10_000 };
        var publications = new Option<int>("--publications") { Description = "Publications loaded.", DefaultValueFactory = _ => 100_000 };
        var copies = new Option<int>("--copies") { Description = "Publishers per name.", DefaultValueFactory = _ => 4 };
        var iterations = new Option<int>("--iterations") { Description = "Requests measured per type.", DefaultValueFactory = _ => 20_000 };
        var types = new Option<string?>("--types") { Description = "Request types to run, comma-separated (default: all), e.g. get,lap." };
        var command = new Command("alloc", "Bytes allocated per request, by request type, on the tracker's real request path (no sockets).")
        {
            users, publications, copies, iterations, types,
        };
        command.SetAction(parse => AllocScenario.Run(
            Math.Max(2, parse.GetValue(users)),
            Math.Max(1, parse.GetValue(publications)),
            Math.Max(1, parse.GetValue(copies)),
            Math.Max(1, parse.GetValue(iterations)),
            (parse.GetValue(types) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
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

    private static Command BuildTransport()
    {
        var sessions = new Option<int>("--sessions") { Description = "Sessions, each with its own socket, heartbeating at 1 Hz.", DefaultValueFactory = _ => 10_000 };
        var rates = new Option<string>("--rates") { Description = "Request rates to measure, one step each (req/s, comma-separated).", DefaultValueFactory = _ => "2000,5000,10000,20000" };
        var duration = new Option<int>("--duration") { Description = "Measured seconds per step (the idle step too).", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds at a step's rate before measuring it.", DefaultValueFactory = _ => 2 };
        var transports = new Option<string>("--transports") { Description = "Servers to run, in order: litenetlib, udp.", DefaultValueFactory = _ => "litenetlib,udp" };
        var clientThreads = new Option<int>("--client-threads") { Description = "Generator threads the sessions are spread over.", DefaultValueFactory = _ => 2 };
        var updateMs = new Option<int>("--lnl-update-ms") { Description = "LiteNetLib server UpdateTime (ms): its send and ack tick.", DefaultValueFactory = _ => 15 };
        var trigger = new Option<bool>("--lnl-trigger") { Description = "LiteNetLib server calls TriggerUpdate after each reply (sends at once)." };
        var command = new Command("transport", "The same sessions, heartbeats and requests against a LiteNetLib echo server and one on our UDP style.")
        {
            sessions, rates, duration, warmup, transports, clientThreads, updateMs, trigger,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var settings = new TransportSettings(
                Math.Max(1, parse.GetValue(sessions)),
                ParseList(parse.GetValue(rates)!, ParseInt).Where(rate => rate > 0).ToList(),
                TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(duration))),
                TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(warmup))),
                ParseList(parse.GetValue(transports)!, ParseTransport),
                Math.Max(1, parse.GetValue(clientThreads)),
                Math.Max(1, parse.GetValue(updateMs)),
                parse.GetValue(trigger));
            return new TransportScenario(settings).RunAsync(cancellationToken);
        });
        return command;
    }

    /// <summary>A server of the <c>transport</c> scenario, run by the bench as a child process; prints its port.</summary>
    private static Command BuildTransportServer(string name, TransportKind kind)
    {
        var sessions = new Option<int>("--sessions") { Description = "Session ids to track heartbeat gaps for.", DefaultValueFactory = _ => 10_000 };
        var updateMs = new Option<int>("--update-ms") { Description = "LiteNetLib UpdateTime (ms).", DefaultValueFactory = _ => 15 };
        var trigger = new Option<bool>("--trigger-update") { Description = "LiteNetLib: TriggerUpdate after each reply." };
        var command = new Command(name, $"Echo server for the transport scenario ({kind}).") { Hidden = true };
        command.Options.Add(sessions);
        if (kind == TransportKind.LiteNetLib)
        {
            command.Options.Add(updateMs);
            command.Options.Add(trigger);
        }

        command.SetAction(parse => EchoServerHost.Run(kind == TransportKind.LiteNetLib
            ? new LnlEchoServer(parse.GetValue(sessions), parse.GetValue(updateMs), parse.GetValue(trigger))
            : new UdpEchoServer(parse.GetValue(sessions))));
        return command;
    }

    private static List<T> ParseList<T>(string text, Func<string, T> parse) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToList();

    private static int ParseInt(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static TransportKind ParseTransport(string text) => text.ToUpperInvariant() switch
    {
        "LITENETLIB" or "LNL" => TransportKind.LiteNetLib,
        "UDP" => TransportKind.Udp,
        _ => throw new FormatException($"'{text}' is not a transport (litenetlib, udp)."),
    };
}
