using System.Buffers;
using System.Net;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Tracker.Tests.Support;
using Microsoft.Extensions.Logging;

namespace FileShare.Tracker.Tests.Dispatch;

/// <summary>pub/unp/ren replies wait for one journal flush that covers the whole batch; reads never wait.</summary>
public sealed class GroupCommitTests : IDisposable
{
    private static readonly byte[] Hash = Enumerable.Repeat((byte)0x5A, 32).ToArray();
    private static readonly IPEndPoint HansAt = TrackerHarness.Endpoint(41001);
    private static readonly IPEndPoint MariaAt = TrackerHarness.Endpoint(41002, "127.0.0.2");

    private readonly TrackerHarness _tracker = new(new Dictionary<string, string> { ["hans"] = "h1", ["maria"] = "m1" });
    private readonly byte[] _hans;
    private readonly byte[] _maria;

    public GroupCommitTests()
    {
        _hans = _tracker.Login("hans", "h1", HansAt);
        _maria = _tracker.Login("maria", "m1", MariaAt);
    }

    public void Dispose() => _tracker.Dispose();

    [Fact]
    public void ChangeIsNeitherAcknowledgedNorVisibleBeforeItsCommit()
    {
        var reply = _tracker.Service.Receive(TrackerHarness.Datagram(new PublishRequest("a.txt", 3, Hash), _hans, 100), HansAt);

        Assert.Null(reply);
        Assert.True(_tracker.Service.HasHeldChanges);
        Assert.True(_tracker.Journal.HasUncommitted);
        Assert.False(_tracker.Index.TryGet("hans", "a.txt", out _));

        var committed = Assert.Single(_tracker.Service.CommitHeldChanges());

        Assert.Equal(HansAt, committed.Remote);
        var envelope = MessageCodec.Decode(committed.Datagram);
        Assert.Equal(100u, envelope.RequestId);
        Assert.IsType<OkReply>(envelope.Message);
        Assert.False(_tracker.Journal.HasUncommitted);
        Assert.True(_tracker.Index.TryGet("hans", "a.txt", out _));
        Assert.False(_tracker.Service.HasHeldChanges);
    }

    [Fact]
    public void ReadsAndHeartbeatsAreAnsweredWhileAChangeWaitsForItsCommit()
    {
        _tracker.SendExpect<OkReply>(new PublishRequest("old.txt", 3, Hash), _hans, HansAt);
        Assert.Null(_tracker.Service.Receive(TrackerHarness.Datagram(new PublishRequest("new.txt", 3, Hash), _hans, 200), HansAt));

        var list = _tracker.Service.Receive(TrackerHarness.Datagram(new ListMyFilesRequest(null), _hans, 201), HansAt);
        var search = _tracker.Service.Receive(TrackerHarness.Datagram(new SearchRequest(".txt", null), _maria, 202), MariaAt);
        var heartbeat = _tracker.Service.Receive(TrackerHarness.Datagram(new HeartbeatRequest(), _maria, 203), MariaAt);

        Assert.Equal(["old.txt"], Assert.IsType<NameListReply>(MessageCodec.Decode(list!).Message).Names);
        Assert.Equal(["old.txt"], Assert.IsType<NameListReply>(MessageCodec.Decode(search!).Message).Names);
        Assert.Null(heartbeat);
        Assert.True(_tracker.Service.HasHeldChanges);
    }

    [Fact]
    public void RetransmittedChangeWaitingForItsCommitIsNotExecutedTwice()
    {
        var publish = TrackerHarness.Datagram(new PublishRequest("a.txt", 3, Hash), _hans, 300);
        var recordsBefore = _tracker.Journal.JournalRecordCount;

        Assert.Null(_tracker.Service.Receive(publish, HansAt));
        Assert.Null(_tracker.Service.Receive(publish, HansAt));
        var committed = Assert.Single(_tracker.Service.CommitHeldChanges());
        var retransmittedLater = _tracker.Service.Receive(publish, HansAt);

        Assert.Equal(recordsBefore + 1, _tracker.Journal.JournalRecordCount);
        Assert.Equal(committed.Datagram, retransmittedLater);
    }

    [Fact]
    public void OneCommitCoversTheChangesOfSeveralUsers()
    {
        Assert.Null(_tracker.Service.Receive(TrackerHarness.Datagram(new PublishRequest("h.txt", 3, Hash), _hans, 400), HansAt));
        Assert.Null(_tracker.Service.Receive(TrackerHarness.Datagram(new PublishRequest("m.txt", 3, Hash), _maria, 401), MariaAt));

        var committed = _tracker.Service.CommitHeldChanges();

        Assert.Equal([HansAt, MariaAt], committed.Select(r => r.Remote));
        Assert.All(committed, r => Assert.IsType<OkReply>(MessageCodec.Decode(r.Datagram).Message));
        Assert.Equal(2, _tracker.Index.Count);
        Assert.Empty(_tracker.Service.CommitHeldChanges());
    }

    [Fact]
    public void NextChangeOfTheSameUserRunsAfterThePreviousOneIsCommitted()
    {
        Assert.Null(_tracker.Service.Receive(TrackerHarness.Datagram(new PublishRequest("a.txt", 3, Hash), _hans, 500), HansAt));
        Assert.Null(_tracker.Service.Receive(TrackerHarness.Datagram(new RenameRequest("a.txt", "b.txt"), _hans, 501), HansAt));

        var first = Assert.Single(_tracker.Service.CommitHeldChanges());
        Assert.Equal(500u, MessageCodec.Decode(first.Datagram).RequestId);
        Assert.True(_tracker.Service.HasHeldChanges); // the rename ran against the committed publish and waits in turn

        var second = Assert.Single(_tracker.Service.CommitHeldChanges());
        Assert.Equal(501u, MessageCodec.Decode(second.Datagram).RequestId);
        Assert.IsType<OkReply>(MessageCodec.Decode(second.Datagram).Message);
        Assert.Equal(["b.txt"], _tracker.Index.OwnNamesAfter("hans", null));
    }

    [Fact]
    public void HeldChangesAreCommittedAtShutdown()
    {
        Assert.Null(_tracker.Service.Receive(TrackerHarness.Datagram(new PublishRequest("a.txt", 3, Hash), _hans, 600), HansAt));

        _tracker.Restart();

        Assert.True(_tracker.Index.TryGet("hans", "a.txt", out _));
    }

    [Fact]
    public void ReadRepliesAreNotCachedSoARepeatedReadRunsAgain()
    {
        var list = TrackerHarness.Datagram(new ListMyFilesRequest(null), _hans, 700);
        var before = Assert.IsType<NameListReply>(MessageCodec.Decode(_tracker.Service.Handle(list, HansAt)!).Message);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 3, Hash), _hans, HansAt);

        var again = Assert.IsType<NameListReply>(MessageCodec.Decode(_tracker.Service.Handle(list, HansAt)!).Message);

        Assert.Empty(before.Names);
        Assert.Equal(["a.txt"], again.Names);
    }

    [Fact]
    public void ReadsAreLoggedAtDebugAndChangesAtInformation()
    {
        _tracker.SendExpect<NameListReply>(new SearchRequest("x", null), _hans, HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 3, Hash), _hans, HansAt);

        var entries = _tracker.ServiceLogger.Entries;
        Assert.Contains(entries, e => e.Level == LogLevel.Debug && e.Message.EndsWith("Received SCH from hans", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == LogLevel.Information && e.Message.EndsWith("Received PUB from hans", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == LogLevel.Information && e.Message.EndsWith("Sent OK to hans", StringComparison.Ordinal));
    }

    [Fact]
    public void HeartbeatOfALiveSessionAllocatesNothing()
    {
        var heartbeat = TrackerHarness.Datagram(new HeartbeatRequest(), _hans, 800);
        var reply = new ArrayBufferWriter<byte>(ProtocolLimits.MaxDatagramBytes);
        for (var i = 0; i < 100; i++)
        {
            Assert.False(_tracker.Service.Receive(heartbeat, HansAt, reply));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _tracker.Service.Receive(heartbeat, HansAt, reply);
        }

        // Read in place (no envelope object), no reply, no log line: at 10,000 peers that is 10,000 a second.
        Assert.Equal(0, (GC.GetAllocatedBytesForCurrentThread() - before) / 1000);
    }
}
