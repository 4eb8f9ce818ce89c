using FileShare.Peer.Core;
using FileShare.Peer.Core.Tracker;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
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

    // Signed replies (PROTOCOL.md §5.4): a peer believes only replies its tracker signed, so no one on the path can
    // feed it forged candidates, tickets or addresses. A forged reply counts as lost; the genuine one is the answer.
    [Fact]
    public async Task ForgedRepliesAreIgnoredAndTheSignedOneIsTheAnswer()
    {
        await LoginAsync();
        var call = _session.CallAsync<NameListReply>(new SearchRequest("x", null), CancellationToken.None);
        var search = await _tracker.ReceiveAsync<SearchRequest>();
        var id = search.Envelope.RequestId;
        var counter = search.Envelope.Counter!.Value;
        var forgerKeys = SessionKeys.Derive(new byte[32], new byte[32], "forger");

        // Unsigned, signed with another key, and signed right but for another counter: none is an answer.
        await _tracker.SendRawAsync(search, MessageCodec.Encode(new Envelope(id, null, new NameListReply(["evil.exe"], false))));
        await _tracker.SendRawAsync(search, MessageCodec.EncodeSigned(
            new Envelope(id, search.Envelope.SessionToken, new NameListReply(["evil.exe"], false)) { Counter = counter }, forgerKeys.ReplyKey));
        await _tracker.ReplyAsync(search with { Envelope = search.Envelope with { Counter = counter + 1 } }, new NameListReply(["stale.txt"], false));
        await _tracker.ReplyAsync(search, new NameListReply(["real.txt"], false));

        var reply = await call.WaitAsync(FakeTracker.Patience);
        Assert.Equal(["real.txt"], reply.Names);
    }

    [Fact]
    public async Task UnsignedAuthSuccessIsRefusedAsAnOlderTracker()
    {
        var login = _session.LoginAsync("alice", "pw", 4000, CancellationToken.None);
        var start = await _tracker.ReceiveAsync<AuthStartRequest>();
        Assert.Equal(PeerCapabilities.SignedSessions, Assert.IsType<AuthStartRequest>(start.Envelope.Message).Capabilities);
        await _tracker.ReplyAsync(start, _tracker.Challenge(start));
        var proof = await _tracker.ReceiveAsync<AuthProofRequest>();
        var success = _tracker.Success(proof, FakeTracker.Token(1));
        await _tracker.SendRawAsync(proof, MessageCodec.Encode(new Envelope(proof.Envelope.RequestId, null, success)));

        Assert.Equal(LoginOutcome.TrackerUnsigned, await login.WaitAsync(FakeTracker.Patience));
        Assert.Null(_session.Current);
    }

    [Fact]
    public async Task EveryDatagramOfTheSessionIsSignedWithARisingCounter()
    {
        await LoginAsync();
        var first = _session.SendHeartbeatAsync(CancellationToken.None);
        var heartbeat = await _tracker.ReceiveAsync<HeartbeatRequest>();
        await first;
        var second = _session.SendHeartbeatAsync(CancellationToken.None);
        var next = await _tracker.ReceiveAsync<HeartbeatRequest>();
        await second;

        Assert.True(heartbeat.Envelope.IsSigned && next.Envelope.IsSigned);
        Assert.True(next.Envelope.Counter > heartbeat.Envelope.Counter);
    }

    private async Task LoginAsync()
    {
        var login = _session.LoginAsync("alice", "pw", 4000, CancellationToken.None);
        await _tracker.AcceptLoginAsync(FakeTracker.Token(1));
        Assert.Equal(LoginOutcome.Success, await login.WaitAsync(FakeTracker.Patience));
    }
}
