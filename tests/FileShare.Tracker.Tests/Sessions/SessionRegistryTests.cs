using FileShare.Tracker.Sessions;
using FileShare.Tracker.Tests.Support;

namespace FileShare.Tracker.Tests.Sessions;

public sealed class SessionRegistryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly FakeTimeProvider _time = new();
    private readonly ReceiveHealth _health = new();
    private readonly SessionRegistry _sessions;

    public SessionRegistryTests()
    {
        _sessions = new SessionRegistry(TestOptions.Create(o => o.SessionTimeout = Timeout), _time, _health);
    }

    [Fact]
    public void SessionIsStillActiveExactlyAtTheTimeout()
    {
        var session = _sessions.Start("hans", "127.0.0.1", 7000);

        _time.Advance(Timeout);

        Assert.True(_sessions.IsActive("hans"));
        Assert.True(_sessions.TryTouch(session.Token, out _));
    }

    [Fact]
    public void SessionExpiresOneTickAfterTheTimeout()
    {
        var session = _sessions.Start("hans", "127.0.0.1", 7000);

        _time.Advance(Timeout + TimeSpan.FromTicks(1));

        Assert.False(_sessions.IsActive("hans"));
        Assert.False(_sessions.TryTouch(session.Token, out _));
    }

    [Fact]
    public void StampOnReceiptKeepsTheSessionAlive()
    {
        var session = _sessions.Start("hans", "127.0.0.1", 7000);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(_sessions.Stamp(session));
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(_sessions.IsActive("hans"));
    }

    [Fact]
    public void StampNeverRevivesAnExpiredSession()
    {
        var session = _sessions.Start("hans", "127.0.0.1", 7000);

        _time.Advance(Timeout + TimeSpan.FromTicks(1));

        Assert.False(_sessions.Stamp(session));
        Assert.False(_sessions.IsActive("hans"));
    }

    [Fact]
    public void SilenceWhileTheTrackerWasBehindOnReadingDoesNotCount()
    {
        var session = _sessions.Start("hans", "127.0.0.1", 7000);
        _health.ReportDrained(_time.GetTimestamp());

        // The tracker stops draining its socket for 10 s: whatever hans sent waits unread, so he is not silent.
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(_sessions.IsActive("hans"));
        Assert.Empty(_sessions.Sweep());

        // It catches up and finds nothing from hans: now the silence is his.
        _health.ReportDrained(_time.GetTimestamp());
        Assert.False(_sessions.IsActive("hans"));
        Assert.Equal("hans", Assert.Single(_sessions.Sweep()).UserName);
        Assert.False(_sessions.TryTouch(session.Token, out _));
    }

    [Fact]
    public void SilenceOverlappingTheTrackersOwnDatagramLossCountsOnlyFromTheLoss()
    {
        _sessions.Start("hans", "127.0.0.1", 7000);

        // The kernel dropped datagrams at the tracker's socket 2 s after hans was last heard from.
        _time.Advance(TimeSpan.FromSeconds(2));
        _health.ReportLoss(_time.GetTimestamp());
        _time.Advance(TimeSpan.FromSeconds(2.5));
        Assert.True(_sessions.IsActive("hans")); // 4.5 s silent, but only 2.5 s since the tracker's loss

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(_sessions.IsActive("hans"));
    }

    [Fact]
    public void TheTrackersOwnLossNeverRevivesASessionThatHadAlreadyExpired()
    {
        var session = _sessions.Start("hans", "127.0.0.1", 7000);

        _time.Advance(Timeout + TimeSpan.FromSeconds(0.2));
        Assert.False(_sessions.IsActive("hans"));
        _health.ReportLoss(_time.GetTimestamp());

        Assert.False(_sessions.IsActive("hans"));
        Assert.False(_sessions.Stamp(session));
    }

    [Fact]
    public void WallClockStepsNeitherExpireLiveSessionsNorKeepDeadOnesAlive()
    {
        var clock = new SteppedWallClock(_time);
        var sessions = new SessionRegistry(TestOptions.Create(o => o.SessionTimeout = Timeout), clock, new ReceiveHealth());
        var session = sessions.Start("hans", "127.0.0.1", 7000);

        // A time sync steps the wall clock 10 s ahead: the session was heard from a moment ago, it stays.
        clock.Step(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(sessions.TryTouch(session.Token, out _));

        // And 10 s back: silence longer than the timeout still ends it.
        clock.Step(TimeSpan.FromSeconds(-10));
        _time.Advance(Timeout + TimeSpan.FromTicks(1));
        Assert.False(sessions.IsActive("hans"));
    }

    [Fact]
    public void TouchRefreshesLastSeen()
    {
        var session = _sessions.Start("hans", "127.0.0.1", 7000);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(_sessions.TryTouch(session.Token, out _));

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(_sessions.IsActive("hans"));
    }

    [Fact]
    public void ExpiredTokenStaysInvalidEvenIfTouchedAgain()
    {
        var session = _sessions.Start("hans", "127.0.0.1", 7000);
        _time.Advance(Timeout + TimeSpan.FromTicks(1));
        Assert.False(_sessions.TryTouch(session.Token, out _));

        Assert.False(_sessions.TryTouch(session.Token, out _));
        Assert.Equal(0, _sessions.Count);
    }

    [Fact]
    public void EndMakesTheUserInactiveAtOnce()
    {
        var session = _sessions.Start("hans", "127.0.0.1", 7000);

        _sessions.End(session);

        Assert.False(_sessions.IsActive("hans"));
        Assert.False(_sessions.TryTouch(session.Token, out _));
    }

    [Fact]
    public void NewLoginGetsNewTokenAndTicketKeyAndReplacesTheOldSession()
    {
        var first = _sessions.Start("hans", "127.0.0.1", 7000);
        _time.Advance(Timeout + TimeSpan.FromTicks(1));

        var second = _sessions.Start("hans", "127.0.0.2", 7001);

        Assert.NotEqual(first.Token, second.Token);
        Assert.NotEqual(first.TicketKey, second.TicketKey);
        Assert.False(_sessions.TryTouch(first.Token, out _));
        Assert.True(_sessions.TryGetActive("hans", out var active));
        Assert.Equal("127.0.0.2", active.Address);
        Assert.Equal(7001, active.FileServerPort);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    public void WrongLengthOrUnknownTokenIsRejected(int length)
    {
        _sessions.Start("hans", "127.0.0.1", 7000);

        Assert.False(_sessions.TryTouch(new byte[length], out _));
    }

    [Fact]
    public void SweepRemovesOnlyExpiredSessions()
    {
        _sessions.Start("hans", "127.0.0.1", 7000);
        _time.Advance(TimeSpan.FromSeconds(2));
        _sessions.Start("maria", "127.0.0.1", 7001);
        _time.Advance(TimeSpan.FromSeconds(2));

        var expired = _sessions.Sweep();

        Assert.Equal([new ExpiredSession("hans", TimeSpan.FromSeconds(4))], expired);
        Assert.Equal(1, _sessions.Count);
        Assert.True(_sessions.IsActive("maria"));
    }

    [Fact]
    public void SessionFoundExpiredByATouchIsReportedByTheNextSweep()
    {
        var session = _sessions.Start("hans", "127.0.0.1", 7000);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(_sessions.TryTouch(session.Token, out _));

        Assert.Equal([new ExpiredSession("hans", TimeSpan.FromSeconds(5))], _sessions.Sweep());
        Assert.Empty(_sessions.Sweep());
    }

    [Fact]
    public void ActiveUsersAreSortedWithoutTheRequesterAndStartAfterTheCursor()
    {
        foreach (var user in new[] { "zoe", "anna", "hans", "Bert", "maria" })
        {
            _sessions.Start(user, "127.0.0.1", 7000);
        }

        Assert.Equal(["Bert", "anna", "maria", "zoe"], _sessions.ActiveUsersAfter(null, "hans"));
        Assert.Equal(["maria", "zoe"], _sessions.ActiveUsersAfter("hans", "hans"));
        Assert.Equal(["maria", "zoe"], _sessions.ActiveUsersAfter("b", "hans"));
    }

    [Fact]
    public void ActiveUsersLeaveOutExpiredSessionsNotYetSwept()
    {
        _sessions.Start("anna", "127.0.0.1", 7000);
        _time.Advance(TimeSpan.FromSeconds(2));
        _sessions.Start("bert", "127.0.0.1", 7000);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(["bert"], _sessions.ActiveUsersAfter(null, "hans"));
    }

    /// <summary>
    /// A wall clock that can be stepped either way while the monotonic timestamp only moves with the fake clock.
    /// The step lives in an offset here: <see cref="FakeTimeProvider"/> derives its timestamp from its UtcNow
    /// and refuses to go back, so stepping the fake itself would move (or reject) the monotonic clock too.
    /// </summary>
    private sealed class SteppedWallClock(FakeTimeProvider inner) : TimeProvider
    {
        private TimeSpan _offset;

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + _offset;

        public override long GetTimestamp() => inner.GetTimestamp();

        public void Step(TimeSpan delta) => _offset += delta;
    }
}
