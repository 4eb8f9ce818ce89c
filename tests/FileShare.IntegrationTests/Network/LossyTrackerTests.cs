using FileShare.IntegrationTests.Infrastructure;
using FileShare.IntegrationTests.Peer;
using FileShare.Peer.Core;
using FileShare.Protocol.Messages;

namespace FileShare.IntegrationTests.Network;

/// <summary>
/// A real tracker process behind a <see cref="LossyUdpRelay"/>, with in-process peers talking through it: every
/// command still completes with the right result and runs once at the tracker, heartbeats keep a peer active, and a
/// cut link gives "Tracker not responding" within the retry budget and heals by itself. The loss and timing math is
/// in docs/NETWORK.md ("A lossy network").
/// </summary>
public sealed class LossyTrackerTests
{
    /// <summary>
    /// At 20 % loss each way one try of a request fails with q = 1 - 0.8 * 0.8 = 0.36, so all of the default 5 tries
    /// fail with 0.36^5 = 0.6 %: too often for a test of some 20 requests. 8 tries give 0.36^8 = 0.03 % per request.
    /// </summary>
    private const int LossyRequestAttempts = 8;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string> Users = new(StringComparer.Ordinal) { ["alice"] = "a1", ["bob"] = "b2" };

    [Fact]
    public async Task EveryCommandCompletesOnceWithTwentyPercentLossEachWay()
    {
        // The tuned presence setting for lossy links: 10 heartbeat intervals before expiry (docs/NETWORK.md).
        await using var tracker = await StartTrackerAsync(("FILESHARE_Tracker__SessionTimeout", "00:00:10"));
        await using var relay = LossyUdpRelay.Start(tracker.EndPoint, seed: 20_240_901);
        relay.SetBoth(new LinkImpairment
        {
            DropRate = 0.2,
            DuplicateRate = 0.05,
            DelayRate = 0.1,
            MaxDelay = TimeSpan.FromMilliseconds(150),
            ReorderRate = 0.05,
        });
        await using var alice = await StartPeerAsync(relay.Port, "alice", o => o.RequestAttempts = LossyRequestAttempts);
        await using var bob = await StartPeerAsync(relay.Port, "bob", o => o.RequestAttempts = LossyRequestAttempts);
        TestFiles.WriteRandom(alice.PathOf("a.bin"), 200_000, seed: 1);
        TestFiles.WriteRandom(alice.PathOf("b.bin"), 100_000, seed: 2);
        TestFiles.WriteRandom(alice.PathOf("notes.md"), 5_000, seed: 3);

        Assert.Equal("Welcome to FileShare!", (await alice.RunAsync("auth alice a1"))[0]);
        Assert.Equal("File published successfully", await alice.RunSingleAsync("pub a.bin"));
        Assert.Equal("File published successfully", await alice.RunSingleAsync("pub b.bin"));
        Assert.Equal("File published successfully", await alice.RunSingleAsync("pub notes.md"));
        Assert.Equal(["3 files published:", "a.bin", "b.bin", "notes.md"], await alice.RunAsync("lpf"));

        Assert.Equal("Welcome to FileShare!", (await bob.RunAsync("auth bob b2"))[0]);
        Assert.Equal(["1 active peer:", "alice"], await bob.RunAsync("lap"));
        Assert.Equal(["2 files found:", "a.bin", "b.bin"], await bob.RunAsync("sch .bin"));
        Assert.Equal("a.bin downloaded successfully", await bob.RunSingleAsync("get a.bin"));
        TestFiles.AssertSameContent(alice.PathOf("a.bin"), bob.PathOf("a.bin"));
        Assert.Equal("File unpublished successfully", await alice.RunSingleAsync("unp b.bin"));
        Assert.Equal("No files found", await bob.RunSingleAsync("sch b.bin"));
        Assert.Equal("Goodbye!", await bob.RunSingleAsync("xit"));
        Assert.Equal("Goodbye!", await alice.RunSingleAsync("xit"));

        // Each command ran exactly once at the tracker (retransmissions were answered from the reply cache).
        await tracker.WaitForOutputAsync(l => l.EndsWith(" Received XIT from alice", StringComparison.Ordinal), Patience);
        await tracker.WaitForOutputAsync(l => l.EndsWith(" Received XIT from bob", StringComparison.Ordinal), Patience);
        Assert.Equal(3, Executions(tracker, "PUB", "alice"));
        Assert.Equal(1, Executions(tracker, "UNP", "alice"));

        // Reads are not cached: a duplicated read may run again, which changes nothing and is invisible to the user.
        Assert.InRange(Executions(tracker, "LPF", "alice"), 2, int.MaxValue); // one at login, one for the command
        Assert.InRange(Executions(tracker, "LAP", "bob"), 1, int.MaxValue);
        Assert.InRange(Executions(tracker, "SCH", "bob"), 2, int.MaxValue);
        Assert.InRange(Executions(tracker, "GET", "bob"), 1, int.MaxValue);
        Assert.Equal(1, Logins(tracker, "alice"));
        Assert.Equal(1, Logins(tracker, "bob"));
        Assert.True(relay.UpstreamCounters.Dropped > 0 && relay.DownstreamCounters.Dropped > 0, relay.ToString());
    }

    [Fact]
    public async Task LostRepliesAreAnsweredFromTheReplyCacheSoPublishRunsOnce()
    {
        await using var tracker = await StartTrackerAsync(("FILESHARE_Logging__LogLevel__Default", "Debug"));
        await using var relay = LossyUdpRelay.Start(tracker.EndPoint, seed: 1);
        await using var alice = await StartPeerAsync(relay.Port, "alice");
        TestFiles.WriteRandom(alice.PathOf("report.pdf"), 10_000, seed: 4);
        Assert.Equal("Welcome to FileShare!", (await alice.RunAsync("auth alice a1"))[0]);

        // Lose the first two replies to the publish: the tracker must answer tries 2 and 3 from its cache.
        var repliesToLose = 2;
        relay.DropFilter = (direction, datagram) =>
            direction == RelayDirection.Downstream
            && DatagramWatch.TypeOf(datagram) == MessageType.Ok
            && Interlocked.Decrement(ref repliesToLose) >= 0;

        Assert.Equal("File published successfully", await alice.RunSingleAsync("pub report.pdf"));
        Assert.Equal("Goodbye!", await alice.RunSingleAsync("xit"));

        await tracker.WaitForOutputAsync(l => l.EndsWith(" Received XIT from alice", StringComparison.Ordinal), Patience);
        Assert.Equal(1, Executions(tracker, "PUB", "alice"));
        Assert.Equal(2, tracker.OutputLines.Count(l => l.Contains("Retransmitted PUB", StringComparison.Ordinal)));
        Assert.Equal(2, relay.DownstreamCounters.Dropped);
    }

    [Fact]
    public async Task DuplicatedDelayedAndReorderedDatagramsRunEachCommandOnce()
    {
        await using var tracker = await StartTrackerAsync();
        await using var relay = LossyUdpRelay.Start(tracker.EndPoint, seed: 77);
        relay.SetBoth(new LinkImpairment
        {
            DuplicateRate = 1,
            DelayRate = 0.3,
            MaxDelay = TimeSpan.FromMilliseconds(60),
            ReorderRate = 0.3,
        });
        await using var alice = await StartPeerAsync(relay.Port, "alice");
        await using var bob = await StartPeerAsync(relay.Port, "bob");
        TestFiles.WriteRandom(alice.PathOf("one.bin"), 50_000, seed: 5);
        TestFiles.WriteRandom(alice.PathOf("two.bin"), 60_000, seed: 6);

        Assert.Equal("Welcome to FileShare!", (await alice.RunAsync("auth alice a1"))[0]);
        Assert.Equal("File published successfully", await alice.RunSingleAsync("pub one.bin"));
        Assert.Equal("File published successfully", await alice.RunSingleAsync("pub two.bin"));
        Assert.Equal("Welcome to FileShare!", (await bob.RunAsync("auth bob b2"))[0]);
        Assert.Equal(["2 files found:", "one.bin", "two.bin"], await bob.RunAsync("sch .bin"));
        Assert.Equal("two.bin downloaded successfully", await bob.RunSingleAsync("get two.bin"));
        TestFiles.AssertSameContent(alice.PathOf("two.bin"), bob.PathOf("two.bin"));
        Assert.Equal("Goodbye!", await bob.RunSingleAsync("xit"));

        await tracker.WaitForOutputAsync(l => l.EndsWith(" Received XIT from bob", StringComparison.Ordinal), Patience);
        Assert.Equal(2, Executions(tracker, "PUB", "alice"));
        Assert.InRange(Executions(tracker, "SCH", "bob"), 1, int.MaxValue);
        Assert.InRange(Executions(tracker, "GET", "bob"), 1, int.MaxValue);
        Assert.Equal(1, Logins(tracker, "alice"));
        Assert.True(relay.UpstreamCounters.Duplicated > 0 && relay.DownstreamCounters.Duplicated > 0, relay.ToString());
    }

    /// <summary>
    /// Heartbeats through 20 % loss each way without a false expiry. The run is the 1 Hz / 10 s setting scaled
    /// down (500 ms / 5 s) and shortened to 30 heartbeats to keep CI fast; what matters is the timeout measured in
    /// intervals. (Not scaled further: the peer's heartbeat loop may wait its 1 s idle tick before the first
    /// heartbeat after a login, and a loaded CI machine can stall a process for a second or two.) The full 60 s
    /// run at 1 Hz is in tests/multihost/run.sh. Expiry needs every heartbeat of one timeout window
    /// lost; a window of 10 intervals always holds at least 9 sends (drift only lengthens intervals by a few
    /// percent), so P(false expiry in 60 heartbeats) &lt;= 60 * 0.2^9 = 3.1e-5 (here 30: 1.5e-5). With the default 3 intervals,
    /// 2 lost in a row already expire the session: P ~ 1 - (1 - 0.8 * 0.2^2)^59 = 85 %.
    /// </summary>
    [Fact]
    public Task HeartbeatsKeepAPeerActiveThroughTwentyPercentLoss() =>
        AssertPresenceSurvivesLossAsync("00:00:00.500", "00:00:05", seed: 4_242, heartbeats: 30, Patience);

    /// <summary>
    /// The full soak of the issue: 60 s at 1 Hz with 20 % loss each way and the tuned 10 s timeout, no false expiry
    /// (P &lt;= 60 * 0.2^9 = 3.1e-5, see above). Run by tests/multihost/run.sh; skipped in the ordinary test run.
    /// </summary>
    [SoakFact]
    public Task SixtySecondsOfHeartbeatsAtOneHertzThroughTwentyPercentLossNeverExpire() =>
        AssertPresenceSurvivesLossAsync("00:00:01", "00:00:10", seed: 60, heartbeats: 60, TimeSpan.FromSeconds(120));

    // A peer behind 20 % loss each way sends the given number of heartbeats and is never expired nor logged in again.
    private static async Task AssertPresenceSurvivesLossAsync(string interval, string timeout, int seed, int heartbeats, TimeSpan patience)
    {
        await using var tracker = await StartTrackerAsync(
            ("FILESHARE_Tracker__HeartbeatInterval", interval),
            ("FILESHARE_Tracker__SessionTimeout", timeout));
        await using var relay = LossyUdpRelay.Start(tracker.EndPoint, seed);
        await using var alice = await StartPeerAsync(relay.Port, "alice", o => o.RequestAttempts = LossyRequestAttempts);
        await using var bob = await StartPeerAsync(tracker.Port, "bob");
        Assert.Equal("Welcome to FileShare!", (await alice.RunAsync("auth alice a1"))[0]);
        var token = alice.Node.Session.Current!.Token;

        // Loss starts after the login: what is measured here is presence, not how long a login may take.
        using var watch = new DatagramWatch(relay, RelayDirection.Upstream, MessageType.Heartbeat);
        relay.SetBoth(LinkImpairment.Loss(0.2));

        await watch.WaitForAsync(heartbeats, patience);

        Assert.Equal("Welcome to FileShare!", (await bob.RunAsync("auth bob b2"))[0]);
        Assert.Equal(["1 active peer:", "alice"], await bob.RunAsync("lap"));
        Assert.False(tracker.OutputLines.Any(l => l.Contains("alice timed out", StringComparison.Ordinal)), $"{relay}\n{string.Join('\n', tracker.OutputLines)}");
        Assert.Equal(token, alice.Node.Session.Current!.Token); // never expired, so never logged in again
        Assert.Equal(1, Logins(tracker, "alice"));
        Assert.True(relay.UpstreamCounters.Dropped > 0, relay.ToString());
    }

    [Fact]
    public async Task CutLinkGivesTrackerNotRespondingWithinTheRetryBudgetAndHealsByItself()
    {
        await using var tracker = await StartTrackerAsync(); // default presence: 1 s heartbeat, 3 s timeout
        await using var relay = LossyUdpRelay.Start(tracker.EndPoint, seed: 5);
        await using var alice = await StartPeerAsync(relay.Port, "alice"); // default retry budget
        await using var bob = await StartPeerAsync(tracker.Port, "bob");
        Assert.Equal("Welcome to FileShare!", (await alice.RunAsync("auth alice a1"))[0]);
        Assert.Equal("Welcome to FileShare!", (await bob.RunAsync("auth bob b2"))[0]);
        using var lapRequests = new DatagramWatch(relay, RelayDirection.Upstream, MessageType.ListActivePeers);

        relay.SetBoth(LinkImpairment.Cut);
        Assert.Equal("Tracker not responding", await alice.RunSingleAsync("lap"));
        Assert.Equal(new PeerOptions().RequestAttempts, lapRequests.Count); // gave up after its last try, sent no more

        // The outage (250 + 500 + 1000 + 2000 + 4000 ms) outlived the 3 s session; the tracker expired alice.
        await tracker.WaitForOutputAsync(l => l.Contains("alice timed out", StringComparison.Ordinal), Patience);
        Assert.Equal("No active peers", await bob.RunSingleAsync("lap"));

        relay.SetBoth(LinkImpairment.None);
        Assert.Equal(["1 active peer:", "bob"], await alice.RunAsync("lap"));
        Assert.Equal(["1 active peer:", "alice"], await bob.RunAsync("lap"));
        Assert.Equal(2, Logins(tracker, "alice")); // one automatic login after the link came back, not more
    }

    // Debug logging makes the tracker log every request it executes, reads included, so tests can count them.
    private static Task<TrackerProcess> StartTrackerAsync(params (string Key, string Value)[] environment) =>
        TrackerProcess.StartAsync(new TrackerProcessOptions
        {
            Users = Users,
            Environment = environment
                .Append((Key: "FILESHARE_Logging__LogLevel__Default", Value: "Debug"))
                .DistinctBy(e => e.Key)
                .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
        });

    private static Task<PeerHarness> StartPeerAsync(int trackerPort, string name, Action<PeerOptions>? configure = null) =>
        PeerHarness.StartAsync(trackerPort, TestFiles.NewDirectory(name), configure);

    /// <summary>How often the tracker executed <paramref name="command"/> for <paramref name="user"/> (cache answers log apart).</summary>
    private static int Executions(TrackerProcess tracker, string command, string user) =>
        tracker.OutputLines.Count(l => l.EndsWith($" Received {command} from {user}", StringComparison.Ordinal));

    private static int Logins(TrackerProcess tracker, string user) =>
        tracker.OutputLines.Count(l => l.Contains($": {user} logged in from ", StringComparison.Ordinal));
}
