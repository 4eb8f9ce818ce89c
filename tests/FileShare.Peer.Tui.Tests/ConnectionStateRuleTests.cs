using FileShare.Peer.Tui.Peer;

namespace FileShare.Peer.Tui.Tests;

public sealed class ConnectionStateRuleTests
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(2);

    private static PeerStatus Status(string? user, double? silentSeconds) => new(
        user, "t", null, silentSeconds is { } s ? TimeSpan.FromSeconds(s) : null, TimeSpan.FromSeconds(1), "/d", 1);

    [Fact]
    public void NeverHeardFromIsOffline() =>
        Assert.Equal(ConnectionState.Offline, ConnectionStateRule.Derive(Status(null, null), false, Refresh));

    [Fact]
    public void RecentReplyWhileLoggedInIsOnline() =>
        Assert.Equal(ConnectionState.Online, ConnectionStateRule.Derive(Status("a", 1), false, Refresh));

    [Fact]
    public void SilenceBeyondTheRefreshWindowIsReconnecting() =>
        Assert.Equal(ConnectionState.Reconnecting, ConnectionStateRule.Derive(Status("a", 6), false, Refresh));

    [Fact]
    public void LongSilenceIsOffline() =>
        Assert.Equal(ConnectionState.Offline, ConnectionStateRule.Derive(Status("a", 60), false, Refresh));

    [Fact]
    public void FailedRequestWhileLoggedOutIsOffline() =>
        Assert.Equal(ConnectionState.Offline, ConnectionStateRule.Derive(Status(null, 1), true, Refresh));

    [Fact]
    public void TrackerAnsweringBusyShowsAsBusyNotOfflineOrReconnecting()
    {
        Assert.Equal(ConnectionState.Busy, ConnectionStateRule.Derive(Status("a", 6) with { TrackerBusy = true }, false, Refresh));
        Assert.Equal(ConnectionState.Busy, ConnectionStateRule.Derive(Status(null, 1) with { TrackerBusy = true }, true, Refresh));
        Assert.Equal("busy", ConnectionStateRule.Label(ConnectionState.Busy));
    }

    [Fact]
    public void QuietButHealthyWhileLoggedOutStaysOnline() =>
        Assert.Equal(ConnectionState.Online, ConnectionStateRule.Derive(Status(null, 300), false, Refresh));
}
