using System.Buffers;
using System.Net;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Tracker.Dispatch;
using FileShare.Tracker.Tests.Support;

namespace FileShare.Tracker.Tests.Dispatch;

/// <summary>What the receive thread does with a datagram before it waits for anything (TrackerService.OnReceipt).</summary>
public sealed class ReceiptTests : IDisposable
{
    private static readonly IPEndPoint HansAt = TrackerHarness.Endpoint(41001);
    private readonly TrackerHarness _tracker = new(new Dictionary<string, string> { ["hans"] = "h1", ["maria"] = "m1" });
    private readonly ArrayBufferWriter<byte> _reply = new(ProtocolLimits.MaxDatagramBytes);

    public void Dispose() => _tracker.Dispose();

    [Fact]
    public void HeartbeatOfALiveSessionEndsOnReceiptWithoutAReply()
    {
        var hans = _tracker.Login("hans", "h1", HansAt);

        Assert.Equal(Receipt.Done, _tracker.Service.OnReceipt(TrackerHarness.Datagram(new HeartbeatRequest(), hans, 7), _reply));
    }

    [Fact]
    public void HeartbeatOfAnExpiredSessionIsAnsweredNotAuthenticatedOnReceiptNotQueued()
    {
        var hans = _tracker.Login("hans", "h1", HansAt);
        _tracker.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(Receipt.Reply, _tracker.Service.OnReceipt(TrackerHarness.Datagram(new HeartbeatRequest(), hans, 77), _reply));
        var reply = MessageCodec.Decode(_reply.WrittenMemory);
        Assert.Equal(77u, reply.RequestId);
        Assert.Equal(ErrorCode.NotAuthenticated, Assert.IsType<ErrorReply>(reply.Message).Code);
    }

    [Fact]
    public void AnyRequestOfASessionKeepsItAliveFromTheMomentItIsRead()
    {
        var hans = _tracker.Login("hans", "h1", HansAt);
        _tracker.Time.Advance(TimeSpan.FromSeconds(2.5));

        Assert.Equal(Receipt.Queue, _tracker.Service.OnReceipt(TrackerHarness.Datagram(new SearchRequest("x", null), hans, 8), _reply));
        _tracker.Time.Advance(TimeSpan.FromSeconds(2.5)); // 5 s since login, 2.5 s since the request was read

        Assert.True(_tracker.Sessions.IsActive("hans"));
    }

    [Fact]
    public void BusyAnswerCarriesTheRequestIdAndTheRetryHintAndIsNeverLargerThanTheRequest()
    {
        var hans = _tracker.Login("hans", "h1", HansAt);
        var search = TrackerHarness.Datagram(new SearchRequest("holiday", null), hans, 4242);

        Assert.True(_tracker.Service.WriteBusy(search, _reply));
        Assert.True(_reply.WrittenCount <= search.Length);
        var busy = MessageCodec.Decode(_reply.WrittenMemory);
        Assert.Equal(4242u, busy.RequestId);
        Assert.Equal((ErrorCode.Busy, 200), (Assert.IsType<ErrorReply>(busy.Message).Code, ((ErrorReply)busy.Message).RetryAfterMs));

        // Too small to answer without amplifying, and heartbeats are never refused for load.
        Assert.False(_tracker.Service.WriteBusy(TrackerHarness.Datagram(new DiscoveryProbe(), null, 1), _reply));
        Assert.False(_tracker.Service.WriteBusy(TrackerHarness.Datagram(new HeartbeatRequest(), hans, 2), _reply));
    }
}
