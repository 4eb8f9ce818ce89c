using FileShare.IntegrationTests.Infrastructure;
using FileShare.Protocol.Messages;

namespace FileShare.IntegrationTests.Tracker;

/// <summary>Login, presence and session rules against the real tracker process over UDP on loopback.</summary>
public sealed class TrackerLoginTests : IAsyncLifetime
{
    private TrackerProcess _tracker = null!;

    public async Task InitializeAsync() =>
        _tracker = await TrackerProcess.StartAsync(new TrackerProcessOptions
        {
            Users = new Dictionary<string, string> { ["hans"] = "falcon*solo", ["maria"] = "wise@!man" },
            Environment = new Dictionary<string, string>
            {
                ["FILESHARE_Tracker__SessionTimeout"] = "00:00:01",
                ["FILESHARE_Tracker__SweepInterval"] = "00:00:00.100",
            },
        });

    public async Task DisposeAsync() => await _tracker.DisposeAsync();

    [Fact]
    public async Task ReadyLineReportsTheBoundPortAndTheUsers()
    {
        Assert.NotEqual(0, _tracker.Port);
        Assert.Equal(2, _tracker.UsersLoaded);
        await using var client = new UdpTestClient(_tracker.EndPoint);

        var answer = await client.RequestAsync<DiscoveryAnswer>(new DiscoveryProbe());

        Assert.Equal(_tracker.Port, answer.Port);
    }

    [Fact]
    public async Task FullScramLoginSucceedsAndTheTrackerProvesItKnowsThePassword()
    {
        await using var client = new UdpTestClient(_tracker.EndPoint);

        var session = await client.LoginAsync("maria", "wise@!man", fileServerPort: 7123);

        Assert.Equal("127.0.0.1", session.ObservedAddress);
        Assert.Equal(1000, session.SessionTimeoutMs);
        await _tracker.WaitForOutputAsync(line => line.EndsWith("Received AUTH from maria", StringComparison.Ordinal));
        await _tracker.WaitForOutputAsync(line => line.EndsWith("Sent OK to maria", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongPasswordAndUnknownUserGetTheSameGenericFailure()
    {
        await using var client = new UdpTestClient(_tracker.EndPoint);

        var wrong = Assert.IsType<ErrorReply>(await client.TryLoginAsync("hans", "nope"));
        var unknown = Assert.IsType<ErrorReply>(await client.TryLoginAsync("ghost", "nope"));

        Assert.Equal((ErrorCode.AuthenticationFailed, "Authentication failed"), (wrong.Code, wrong.Text));
        Assert.Equal((wrong.Code, wrong.Text), (unknown.Code, unknown.Text));
    }

    [Fact]
    public async Task SecondLoginWhileActiveIsRefusedAndAcceptedAfterLeave()
    {
        await using var first = new UdpTestClient(_tracker.EndPoint);
        await using var second = new UdpTestClient(_tracker.EndPoint);
        await first.LoginAsync("hans", "falcon*solo");
        await first.PostAsync(new HeartbeatRequest());

        var refused = Assert.IsType<ErrorReply>(await second.TryLoginAsync("hans", "falcon*solo"));
        Assert.Equal(ErrorCode.AuthenticationFailed, refused.Code);

        await first.RequestAsync<OkReply>(new LeaveRequest());
        Assert.IsType<AuthSuccessReply>(await second.TryLoginAsync("hans", "falcon*solo"));
        var stale = await first.RequestAsync<ErrorReply>(new ListMyFilesRequest(null));
        Assert.Equal(ErrorCode.NotAuthenticated, stale.Code);
    }

    [Fact]
    public async Task LoginIsAcceptedAgainAfterTheSessionTimesOut()
    {
        await using var first = new UdpTestClient(_tracker.EndPoint);
        await using var second = new UdpTestClient(_tracker.EndPoint);
        await first.LoginAsync("maria", "wise@!man");

        // The tracker logs the expiry when its sweep removes the silent session: wait for that signal.
        await _tracker.WaitForOutputAsync(line => line.Contains("maria timed out", StringComparison.Ordinal));

        Assert.IsType<AuthSuccessReply>(await second.TryLoginAsync("maria", "wise@!man"));
        var expired = await first.RequestAsync<ErrorReply>(new ListActivePeersRequest(null));
        Assert.Equal(ErrorCode.NotAuthenticated, expired.Code);
    }

    [Fact]
    public async Task HeartbeatWithAnExpiredTokenIsAnsweredWithNotAuthenticated()
    {
        await using var client = new UdpTestClient(_tracker.EndPoint);
        client.SessionToken = new byte[16];

        await client.PostAsync(new HeartbeatRequest());

        var reply = await client.ReceiveUnmatchedAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ErrorCode.NotAuthenticated, Assert.IsType<ErrorReply>(reply!.Message).Code);
    }
}
