using System.Buffers;
using System.Net;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker.Dispatch;
using FileShare.Tracker.Tests.Support;

namespace FileShare.Tracker.Tests.Dispatch;

/// <summary>
/// What an outsider who sees the datagrams of a session can do with them (PROTOCOL.md §5): nothing. A sniffed token,
/// a replayed datagram and a flipped bit are each refused; replies are signed so a peer can tell forged ones.
/// </summary>
public sealed class SignedSessionTests : IDisposable
{
    private static readonly byte[] Hash = Enumerable.Repeat((byte)0xA1, 32).ToArray();
    private static readonly IPEndPoint HansAt = TrackerHarness.Endpoint(42001);
    private static readonly IPEndPoint SnifferAt = TrackerHarness.Endpoint(42999);
    private static readonly IPEndPoint SnifferOnIpv6Loopback = TrackerHarness.Endpoint(42998, "::1");
    private readonly TrackerHarness _tracker = new(new Dictionary<string, string> { ["hans"] = "falcon*solo", ["maria"] = "wise@!man" });

    public void Dispose() => _tracker.Dispose();

    [Fact]
    public void SniffedTokenIsUselessWithoutTheSessionKeys()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);

        // The sniffer has the token but not the keys: whatever it signs with, the MAC is wrong, and it gets nothing.
        foreach (var from in new[] { SnifferAt, SnifferOnIpv6Loopback, HansAt })
        {
            var forged = MessageCodec.EncodeSigned(
                new Envelope(_tracker.NextRequestId(), hans, new PublishRequest("evil.exe", 1, Hash)) { Counter = 1_000 }, TestSigners.ForgerKeys.RequestKey);
            Assert.Null(_tracker.Service.Handle(forged, from));
            var unsigned = MessageCodec.Encode(new Envelope(_tracker.NextRequestId(), hans, new PublishRequest("evil.exe", 1, Hash)));
            var refusal = _tracker.Service.Handle(unsigned, from);
            Assert.Equal(ErrorCode.UnsupportedVersion, Assert.IsType<ErrorReply>(MessageCodec.Decode(refusal!).Message).Code);
        }

        Assert.Equal(0, _tracker.Index.Count);
        Assert.Equal(3, _tracker.Service.RejectedSignatures);
    }

    [Fact]
    public void ReplayedDatagramIsNeverRunAgain()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var publish = TrackerHarness.Datagram(new PublishRequest("a.txt", 1, Hash), hans, 70);
        _tracker.Service.Handle(publish, HansAt);
        _tracker.SendExpect<OkReply>(new UnpublishRequest("a.txt"), hans, HansAt);

        // Replayed from elsewhere: its counter has run, so it is dropped unanswered.
        Assert.Null(_tracker.Service.Handle(publish, SnifferAt));

        // Replayed from Hans's own endpoint within the cache lifetime: the cached Ok, but not run a second time.
        Assert.IsType<OkReply>(MessageCodec.Decode(_tracker.Service.Handle(publish, HansAt)!).Message);
        Assert.Equal(0, _tracker.Index.Count);
    }

    [Fact]
    public void RetransmittedReadRunsAgainOnlyForTheEndpointThatSentIt()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var maria = _tracker.Login("maria", "wise@!man", TrackerHarness.Endpoint(42002));
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 1, Hash), maria, TrackerHarness.Endpoint(42002));
        var get = TrackerHarness.Datagram(new GetFileRequest("a.txt", null), hans, 71);

        Assert.IsType<FileCandidatesReply>(MessageCodec.Decode(_tracker.Service.Handle(get, HansAt)!).Message);
        Assert.IsType<FileCandidatesReply>(MessageCodec.Decode(_tracker.Service.Handle(get, HansAt)!).Message); // reply lost: sent again

        // A copy from elsewhere would hand Hans's tickets to another address: never answered.
        Assert.Null(_tracker.Service.Handle(get, SnifferAt));
    }

    [Fact]
    public void FlippedBitIsNeverRun()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var publish = TrackerHarness.Datagram(new PublishRequest("a.txt", 1, Hash), hans, 72);

        for (var bit = 0; bit < publish.Length * 8; bit++)
        {
            var flipped = (byte[])publish.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            var reply = _tracker.Service.Handle(flipped, SnifferAt);
            Assert.True(reply is null || MessageCodec.Decode(reply).Message is ErrorReply, $"bit {bit}");
        }

        Assert.Equal(0, _tracker.Index.Count);
    }

    [Fact]
    public void RepliesAreSignedWithTheRequestsCounterAndTheReplyKey()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var search = TrackerHarness.Datagram(new SearchRequest("x", null), hans, 73);
        var counter = MessageCodec.Decode(search).Counter;

        var reply = _tracker.Service.Handle(search, HansAt)!;

        var envelope = TestSigners.Open(reply); // checks the MAC with the reply key
        Assert.Equal((73u, counter), (envelope.RequestId, envelope.Counter));
        Assert.Equal(hans, envelope.SessionToken);
    }

    [Fact]
    public void ReplayedHeartbeatDoesNotKeepADeadPeerAlive()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var heartbeat = TrackerHarness.Datagram(new HeartbeatRequest(), hans, 74);
        var reply = new ArrayBufferWriter<byte>();
        Assert.Equal(Receipt.Done, _tracker.Service.OnReceipt(heartbeat, reply));

        // Hans's peer dies; a sniffer keeps sending his last heartbeat.
        for (var i = 0; i < 4; i++)
        {
            _tracker.Time.Advance(TimeSpan.FromSeconds(1));
            _tracker.Service.OnReceipt(heartbeat, reply);
        }

        Assert.False(_tracker.Sessions.IsActive("hans"));
    }

    [Fact]
    public void ClientThatCannotSignIsToldToUpgradeAtLogin()
    {
        var start = _tracker.Send(new AuthStartRequest("hans", ScramSha256.NewNonce(), 7000), null, HansAt)!.Message;

        var error = Assert.IsType<ErrorReply>(start);
        Assert.Equal(ErrorCode.UnsupportedVersion, error.Code);
        Assert.Contains("signed sessions", error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TicketKeyNeverCrossesTheWireInClear()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var session = Assert.Single(_tracker.Sessions.ActiveUsersAfter(null, "nobody"));
        Assert.True(_tracker.Sessions.TryGetActive(session, out var active));

        // The harness unmasks it, as a peer does; the tracker's own copy is the unmasked one.
        Assert.Equal(hans, active.Token);
        Assert.NotEqual(active.TicketKey, active.Keys.MaskTicketKey(active.TicketKey));
    }

    [Fact]
    public void RequestsReorderedWithinTheWindowRunOnceEachAndOlderOnesAreStale()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var keys = TestSigners.For(hans).Keys;
        byte[] Signed(long counter, string name) => MessageCodec.EncodeSigned(
            new Envelope((uint)(1000 + counter), hans, new PublishRequest(name, 1, Hash)) { Counter = counter }, keys.RequestKey);

        _tracker.Service.Handle(Signed(1_000, "new.txt"), HansAt);
        _tracker.Service.Handle(Signed(1_000 - ProtocolLimits.ReplayWindowCounters + 1, "late.txt"), HansAt);
        Assert.Null(_tracker.Service.Handle(Signed(1_000 - ProtocolLimits.ReplayWindowCounters, "stale.txt"), HansAt));

        Assert.Equal(["late.txt", "new.txt"], _tracker.Index.OwnNamesAfter("hans", null).Order(StringComparer.Ordinal));
    }
}
