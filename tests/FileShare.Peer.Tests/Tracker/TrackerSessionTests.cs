using FileShare.Peer.Core;
using FileShare.Peer.Core.Tracker;
using FileShare.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileShare.Peer.Tests.Tracker;

// A fake clock that never moves: no retransmissions, so the fake tracker sees exactly the requests the session makes.
public sealed class TrackerSessionTests : IAsyncLifetime
{
    private readonly FakeTracker _tracker = new();
    private readonly TrackerConnection _connection;
    private readonly TrackerSession _session;

    public TrackerSessionTests()
    {
        _connection = new TrackerConnection(_tracker.EndPoint, new PeerOptions(), new FakeTimeProvider(), NullLogger<TrackerConnection>.Instance);
        _session = new TrackerSession(_connection, NullLogger<TrackerSession>.Instance);
    }

    public Task InitializeAsync()
    {
        _connection.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _session.Dispose();
        await _connection.DisposeAsync();
        _tracker.Dispose();
    }

    [Fact]
    public async Task LeaveDuringALoginWaitsForItAndEndsTheSessionItCreated()
    {
        var token = FakeTracker.Token(1);
        var login = _session.LoginAsync("alice", "pw", 4000, CancellationToken.None);
        var start = await _tracker.ReceiveAsync<AuthStartRequest>();
        await _tracker.ReplyAsync(start, _tracker.Challenge(start));
        var proof = await _tracker.ReceiveAsync<AuthProofRequest>();

        // The login holds the session lock while it waits for AuthSuccess; leave must not clear around it.
        var leave = _session.LeaveAsync(CancellationToken.None);
        Assert.False(leave.IsCompleted);
        await _tracker.ReplyAsync(proof, _tracker.Success(proof, token));
        Assert.Equal(LoginOutcome.Success, await login.WaitAsync(FakeTracker.Patience));

        var bye = await _tracker.ReceiveAsync<LeaveRequest>();
        Assert.Equal(token, bye.Envelope.SessionToken);
        await _tracker.ReplyAsync(bye, new OkReply());
        await leave.WaitAsync(FakeTracker.Patience);
        Assert.Null(_session.Current);
    }

    [Fact]
    public async Task LeaveCancelsABackgroundReloginSoItCannotLogBackIn()
    {
        var token = FakeTracker.Token(1);
        var login = _session.LoginAsync("alice", "pw", 4000, CancellationToken.None);
        await _tracker.AcceptLoginAsync(token);
        Assert.Equal(LoginOutcome.Success, await login.WaitAsync(FakeTracker.Patience));
        var unclaimed = new TaskCompletionSource<Envelope>(TaskCreationOptions.RunContinuationsAsynchronously);
        _connection.UnsolicitedReply += envelope =>
        {
            if (envelope.Message is AuthChallengeReply)
            {
                unclaimed.TrySetResult(envelope);
            }
        };

        // The tracker forgets us: the rejected heartbeat starts a re-login in the background, which we leave hanging.
        await _session.SendHeartbeatAsync(CancellationToken.None);
        var heartbeat = await _tracker.ReceiveAsync<HeartbeatRequest>();
        await _tracker.ReplyAsync(heartbeat, new ErrorReply(ErrorCode.NotAuthenticated, "unknown session"));
        var relogin = await _tracker.ReceiveAsync<AuthStartRequest>();

        var leave = _session.LeaveAsync(CancellationToken.None);
        var bye = await _tracker.ReceiveAsync<LeaveRequest>();
        Assert.Equal(token, bye.Envelope.SessionToken);
        await _tracker.ReplyAsync(bye, new OkReply());
        await leave.WaitAsync(FakeTracker.Patience);

        // The re-login's challenge comes late: nothing waits for it any more, so no proof and no new session follow.
        await _tracker.ReplyAsync(relogin, _tracker.Challenge(relogin));
        var late = await unclaimed.Task.WaitAsync(FakeTracker.Patience);
        Assert.Equal(relogin.Envelope.RequestId, late.RequestId);
        Assert.Null(_session.Current);
    }
}
