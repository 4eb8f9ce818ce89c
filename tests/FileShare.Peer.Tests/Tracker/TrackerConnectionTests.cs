using System.Collections.Concurrent;
using System.Net;
using FileShare.Peer.Core;
using FileShare.Peer.Core.Tracker;
using FileShare.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileShare.Peer.Tests.Tracker;

// The fake clock never moves by itself, so no retransmission happens unless a test moves it: every datagram the
// fake tracker sees is one the code under test chose to send.
public sealed class TrackerConnectionTests
{
    private readonly FakeTimeProvider _clock = new();

    private TrackerConnection Connect(FakeTracker tracker, PeerOptions? options = null) =>
        new(tracker.EndPoint, options ?? new PeerOptions(), _clock, NullLogger<TrackerConnection>.Instance);

    [Fact]
    public async Task ConstructingBindsNoSocketAndConcurrentStartsBindOne()
    {
        using var tracker = new FakeTracker();
        var connection = Connect(tracker);
        Assert.Null(connection.LocalEndPoint);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(connection.Start)));
        var bound = Assert.IsType<IPEndPoint>(connection.LocalEndPoint);
        connection.Start();
        Assert.Equal(bound, connection.LocalEndPoint);

        var request = connection.RequestAsync(new DiscoveryProbe(), null, CancellationToken.None);
        var probe = await tracker.ReceiveAsync<DiscoveryProbe>();
        Assert.Equal(bound.Port, probe.From.Port); // bound to the wildcard address, so only the port can match
        await tracker.ReplyAsync(probe, new DiscoveryAnswer("t", 1));
        Assert.IsType<DiscoveryAnswer>(await request.WaitAsync(FakeTracker.Patience));

        await connection.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(connection.Start);
    }

    [Fact]
    public async Task FirstRequestStartsAConnectionNobodyStarted()
    {
        using var tracker = new FakeTracker();
        await using var connection = Connect(tracker);

        var request = connection.RequestAsync(new DiscoveryProbe(), null, CancellationToken.None);
        var probe = await tracker.ReceiveAsync<DiscoveryProbe>();
        await tracker.ReplyAsync(probe, new DiscoveryAnswer("t", 1));

        Assert.IsType<DiscoveryAnswer>(await request.WaitAsync(FakeTracker.Patience));
        Assert.Equal(probe.From.Port, Assert.IsType<IPEndPoint>(connection.LocalEndPoint).Port);
    }

    [Fact]
    public async Task BusyAnswerIsSentAgainAsTheSameDatagramAfterTheHintWithAFreshRetransmissionBudget()
    {
        using var tracker = new FakeTracker();
        // One attempt only: if Busy tries counted against it, the first Busy would end the request.
        await using var connection = Connect(tracker, new PeerOptions { RequestAttempts = 1 });
        var notices = new ConcurrentQueue<(TrackerBusyNotice Notice, bool Waiting)>();
        connection.BusyRetrying += notice =>
        {
            notices.Enqueue((notice, connection.IsWaitingOnBusy));
            _clock.Advance(notice.RetryIn);
        };
        connection.Start();

        var request = connection.RequestAsync(new DiscoveryProbe(), null, CancellationToken.None);
        var first = await tracker.ReceiveAsync<DiscoveryProbe>();
        await tracker.ReplyAsync(first, new ErrorReply(ErrorCode.Busy, "busy", 1000));
        var second = await tracker.ReceiveAsync();
        Assert.Equal(first.Datagram, second.Datagram);
        await tracker.ReplyAsync(second, new ErrorReply(ErrorCode.Busy, "busy")); // no hint: the default wait
        var third = await tracker.ReceiveAsync();
        Assert.Equal(first.Datagram, third.Datagram);
        await tracker.ReplyAsync(third, new DiscoveryAnswer("t", 1));

        Assert.IsType<DiscoveryAnswer>(await request.WaitAsync(FakeTracker.Patience));
        Assert.Collection(
            notices,
            n =>
            {
                Assert.Equal((MessageType.DiscoveryProbe, first.Envelope.RequestId, 1, true), (n.Notice.RequestType, n.Notice.RequestId, n.Notice.BusyReplies, n.Waiting));
                Assert.InRange(n.Notice.RetryIn, TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(2000));
            },
            n =>
            {
                Assert.Equal((first.Envelope.RequestId, 2, true), (n.Notice.RequestId, n.Notice.BusyReplies, n.Waiting));
                Assert.InRange(n.Notice.RetryIn, TrackerConnection.DefaultBusyRetryAfter, TrackerConnection.DefaultBusyRetryAfter * 2);
            });
        Assert.False(connection.IsWaitingOnBusy);
    }

    [Fact]
    public async Task BusyForLongerThanTheLimitFailsWithTrackerBusyTryAgainLater()
    {
        using var tracker = new FakeTracker();
        await using var connection = Connect(tracker, new PeerOptions { BusyRetryLimit = TimeSpan.FromSeconds(2) });
        connection.BusyRetrying += notice => _clock.Advance(notice.RetryIn);
        var started = _clock.GetTimestamp();

        var request = connection.RequestAsync(new DiscoveryProbe(), null, CancellationToken.None);
        var busyAnswers = 0;
        while (true)
        {
            var next = tracker.ReceiveAsync();
            if (await Task.WhenAny(request, next) == request)
            {
                break;
            }

            await tracker.ReplyAsync(await next, new ErrorReply(ErrorCode.Busy, "busy", 800));
            Assert.InRange(++busyAnswers, 1, 10);
        }

        var error = await Assert.ThrowsAsync<TrackerBusyException>(() => request);
        Assert.Equal("Tracker busy; try again later", error.Message);
        Assert.IsAssignableFrom<TrackerUnavailableException>(error);
        Assert.InRange(busyAnswers, 2, 10);

        // The last wait is cut to the limit, so the request gives up exactly when it runs out, not a wait later.
        Assert.Equal(TimeSpan.FromSeconds(2), _clock.GetElapsedTime(started));
        Assert.False(connection.IsWaitingOnBusy);
    }

    [Fact]
    public async Task CancellingDuringABusyWaitEndsTheRequestAtOnce()
    {
        using var tracker = new FakeTracker();
        await using var connection = Connect(tracker);
        using var cancel = new CancellationTokenSource();
        connection.BusyRetrying += _ => cancel.Cancel();
        var started = _clock.GetTimestamp();

        var request = connection.RequestAsync(new DiscoveryProbe(), null, cancel.Token);
        var probe = await tracker.ReceiveAsync<DiscoveryProbe>();
        await tracker.ReplyAsync(probe, new ErrorReply(ErrorCode.Busy, "busy", 60_000));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(FakeTracker.Patience));
        Assert.Equal(TimeSpan.Zero, _clock.GetElapsedTime(started));
        Assert.False(connection.IsWaitingOnBusy);
    }
}
