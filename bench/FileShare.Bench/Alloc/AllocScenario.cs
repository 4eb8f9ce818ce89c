using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using FileShare.Bench.TrackerLoad;
using FileShare.Protocol;
using FileShare.Protocol.Messages;

namespace FileShare.Bench.Alloc;

/// <summary>
/// Bytes allocated per request by the tracker's request path, by request type: the real <see cref="Tracker.Dispatch.TrackerService"/>
/// with every plan user logged in and the plan's publications loaded, driven on this thread with prebuilt datagrams.
/// Allocation counts are exact and independent of machine load (the time column is not). The decode column is what
/// <see cref="MessageCodec.Decode"/> alone allocates for the same datagrams, so total minus decode is the handler
/// and reply encoding.
/// </summary>
internal static class AllocScenario
{
    private const int DistinctDatagrams = 1024;

    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(1);

    public static int Run(int users, int publications, int copies, int iterations, IReadOnlyCollection<string> types)
    {
        var plan = new PublicationPlan(users, publications, copies);
        var setup = Stopwatch.StartNew();
        using var tracker = new AllocTracker(plan);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"alloc: {users:N0} sessions, {publications:N0} publications ({plan.DistinctNames:N0} names, {copies} copies), {iterations:N0} requests per type; set up in {setup.Elapsed.TotalSeconds:F1} s"));

        var random = new Random(14);
        var remote = new IPEndPoint(IPAddress.Loopback, 40_000);
        var reply = new ArrayBufferWriter<byte>(ProtocolLimits.MaxDatagramBytes);
        Console.WriteLine("type        B/request  decode B  handler+reply B   ns/request  replied");
        var counters = new long[users]; // each session's datagrams take its next counter, as a peer's do
        foreach (var (name, build) in Cases(plan).Where(c => types.Count == 0 || types.Contains(c.Name)))
        {
            var datagrams = new byte[DistinctDatagrams][];
            for (var i = 0; i < datagrams.Length; i++)
            {
                var user = random.Next(users);
                // Signed as a session sends them; each is sent many times from one endpoint, which the tracker
                // answers as retransmitted reads (PROTOCOL.md §5.3): the same read path, run again.
                datagrams[i] = MessageCodec.EncodeSigned(
                    new Envelope((uint)i + 1, tracker.Tokens[user], build(random)) { Counter = ++counters[user] }, tracker.Keys.RequestKey);
            }

            var heartbeat = name == "hbt";
            // Warm-up: long enough for tiered compilation to install the optimized code (and fill the scratch buffers),
            // or the first tier's allocations would count.
            var replied = 0;
            var warmup = Stopwatch.StartNew();
            var warmed = 0;
            while (warmed < datagrams.Length || warmup.Elapsed < WarmupTime)
            {
                replied += Send(tracker, datagrams[warmed++ % datagrams.Length], remote, reply, heartbeat) ? 1 : 0;
            }

            var total = Measure(iterations, i => replied += Send(tracker, datagrams[i % datagrams.Length], remote, reply, heartbeat) ? 1 : 0, out var elapsed);
            var decode = heartbeat ? 0 : Measure(iterations, i => MessageCodec.Decode(datagrams[i % datagrams.Length]), out _);
            var answered = replied * 100.0 / (iterations + warmed);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-10} {total,10:N0} {decode,9:N0} {total - decode,16:N0} {elapsed.TotalNanoseconds / iterations,12:N0}  {answered,6:F1}%"));
        }

        return 0;
    }

    private static IEnumerable<(string Name, Func<Random, Message> Build)> Cases(PublicationPlan plan) =>
    [
        ("hbt", _ => new HeartbeatRequest()),
        ("get", r => new GetFileRequest(PublicationPlan.Name(r.Next(plan.DistinctNames)), null)),
        ("sch-common", r => new SearchRequest(PublicationPlan.CommonWord(r.Next(1000)), null)),
        ("sch-rare", r => new SearchRequest(PublicationPlan.RareText(r.Next(plan.DistinctNames)), null)),
        ("sch-none", _ => new SearchRequest("qqzzy", null)),
        ("lap", _ => new ListActivePeersRequest(null)),
        ("lap-after", r => new ListActivePeersRequest(BenchUsers.UserName(r.Next(plan.Users)))),
        ("lap-addr", _ => new ListPeerAddressesRequest(null)),
        ("lpf", _ => new ListMyFilesRequest(null)),
    ];

    /// <summary>A heartbeat goes the receive thread's way (<c>OnReceipt</c>); everything else the worker's (<c>Receive</c>).</summary>
    private static bool Send(AllocTracker tracker, byte[] datagram, IPEndPoint remote, ArrayBufferWriter<byte> reply, bool heartbeat) =>
        heartbeat
            ? tracker.Service.OnReceipt(datagram, reply) != Tracker.Dispatch.Receipt.Done
            : tracker.Service.Receive(datagram, remote, reply);

    private static long Measure(int iterations, Action<int> step, out TimeSpan elapsed)
    {
        var start = Stopwatch.GetTimestamp();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < iterations; i++)
        {
            step(i);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        elapsed = Stopwatch.GetElapsedTime(start);
        return allocated / iterations;
    }
}
