using System.Net;
using System.Text;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker.Tests.Support;

namespace FileShare.Tracker.Tests.Accounts;

public sealed class RegistrationTests : IDisposable
{
    private static readonly IPEndPoint Home = TrackerHarness.Endpoint(40001);
    private static readonly IPEndPoint HomeOtherPort = TrackerHarness.Endpoint(40002);
    private static readonly IPEndPoint Elsewhere = TrackerHarness.Endpoint(40003, "127.0.0.9");

    private readonly TrackerHarness _tracker = new(
        new Dictionary<string, string> { ["hans"] = "falcon*solo" },
        o =>
        {
            o.AllowRegistration = true;
            o.ThrottleFreeFailures = 3;
        });

    public void Dispose() => _tracker.Dispose();

    [Fact]
    public void RegistrationCreatesAHashedAccountThatCanLogIn()
    {
        var challenge = _tracker.SendExpect<RegisterChallengeReply>(new RegisterStartRequest("newbie"), null, Home);
        Assert.Equal(ProtocolLimits.SaltBytes, challenge.Salt.Length);
        Assert.Equal(4096, challenge.Iterations);
        var keys = ScramSha256.DeriveKeys("s3cret", challenge.Salt, challenge.Iterations);

        _tracker.SendExpect<OkReply>(new RegisterFinishRequest("newbie", challenge.Salt, keys.StoredKey, keys.ServerKey), null, Home);

        var expected = "hans falcon*solo\nnewbie " + new ScramCredential(challenge.Salt, 4096, keys.StoredKey, keys.ServerKey).Format() + "\n";
        Assert.Equal(expected, File.ReadAllText(_tracker.CredentialsPath));
        Assert.IsType<AuthSuccessReply>(_tracker.TryLogin("newbie", "s3cret", Home));
    }

    [Fact]
    public void EachStartGetsAFreshSalt()
    {
        var first = _tracker.SendExpect<RegisterChallengeReply>(new RegisterStartRequest("newbie"), null, Home);
        var second = _tracker.SendExpect<RegisterChallengeReply>(new RegisterStartRequest("newbie"), null, Home);

        Assert.NotEqual(first.Salt, second.Salt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ümlaut")]
    [InlineData("a-name-that-is-longer-than-32-chars")]
    public void InvalidNamesAreRefusedWithTheReason(string name)
    {
        var start = _tracker.SendExpect<ErrorReply>(new RegisterStartRequest(name), null, Home);

        Assert.Equal(ErrorCode.InvalidName, start.Code);
        Assert.Equal(NameRules.CheckNewUserName(name), start.Text);
    }

    [Fact]
    public void ATakenNameIsAlreadyExists()
    {
        var reply = _tracker.SendExpect<ErrorReply>(new RegisterStartRequest("hans"), null, Home);

        Assert.Equal((ErrorCode.AlreadyExists, "Username already taken"), (reply.Code, reply.Text));
    }

    [Fact]
    public void AFinishWithASaltTheTrackerDidNotIssueIsRefused()
    {
        _tracker.SendExpect<RegisterChallengeReply>(new RegisterStartRequest("newbie"), null, Home);
        var keys = ScramSha256.DeriveKeys("s3cret", new byte[16], 4096);

        var reply = _tracker.SendExpect<ErrorReply>(new RegisterFinishRequest("newbie", new byte[16], keys.StoredKey, keys.ServerKey), null, Home);

        Assert.Equal(ErrorCode.AuthenticationFailed, reply.Code);
        Assert.False(_tracker.Credentials.Contains("newbie"));
    }

    [Fact]
    public void AFinishFromAnotherEndpointIsRefused()
    {
        var challenge = _tracker.SendExpect<RegisterChallengeReply>(new RegisterStartRequest("newbie"), null, Home);
        var keys = ScramSha256.DeriveKeys("s3cret", challenge.Salt, challenge.Iterations);
        var finish = new RegisterFinishRequest("newbie", challenge.Salt, keys.StoredKey, keys.ServerKey);

        Assert.Equal(ErrorCode.AuthenticationFailed, _tracker.SendExpect<ErrorReply>(finish, null, HomeOtherPort).Code);
        Assert.Equal(ErrorCode.AuthenticationFailed, _tracker.SendExpect<ErrorReply>(finish, null, Elsewhere).Code);
        Assert.False(_tracker.Credentials.Contains("newbie"));
    }

    [Fact]
    public void AFinishForAnotherNameThanTheStartIsRefused()
    {
        var challenge = _tracker.SendExpect<RegisterChallengeReply>(new RegisterStartRequest("newbie"), null, Home);
        var keys = ScramSha256.DeriveKeys("s3cret", challenge.Salt, challenge.Iterations);

        var reply = _tracker.SendExpect<ErrorReply>(new RegisterFinishRequest("other", challenge.Salt, keys.StoredKey, keys.ServerKey), null, Home);

        Assert.Equal(ErrorCode.AuthenticationFailed, reply.Code);
        Assert.False(_tracker.Credentials.Contains("other"));
    }

    [Fact]
    public void ASaltExpiresAfterTheExchangeLifetime()
    {
        var challenge = _tracker.SendExpect<RegisterChallengeReply>(new RegisterStartRequest("newbie"), null, Home);
        var keys = ScramSha256.DeriveKeys("s3cret", challenge.Salt, challenge.Iterations);
        _tracker.Time.Advance(TimeSpan.FromSeconds(10) + TimeSpan.FromTicks(1));

        var reply = _tracker.SendExpect<ErrorReply>(new RegisterFinishRequest("newbie", challenge.Salt, keys.StoredKey, keys.ServerKey), null, Home);

        Assert.Equal(ErrorCode.AuthenticationFailed, reply.Code);
        Assert.False(_tracker.Credentials.Contains("newbie"));
    }

    [Fact]
    public void AReplayedFinishNeverChangesTheAccount()
    {
        var challenge = _tracker.SendExpect<RegisterChallengeReply>(new RegisterStartRequest("newbie"), null, Home);
        var keys = ScramSha256.DeriveKeys("s3cret", challenge.Salt, challenge.Iterations);
        var finish = new RegisterFinishRequest("newbie", challenge.Salt, keys.StoredKey, keys.ServerKey);
        _tracker.SendExpect<OkReply>(finish, null, Home);
        var afterRegistration = File.ReadAllBytes(_tracker.CredentialsPath);

        // Same endpoint with a new request id (outside the reply cache), and another source: both refused.
        var again = _tracker.SendExpect<ErrorReply>(finish, null, Home);
        var forged = ScramSha256.DeriveKeys("attacker", challenge.Salt, challenge.Iterations);
        var other = _tracker.SendExpect<ErrorReply>(finish with { StoredKey = forged.StoredKey, ServerKey = forged.ServerKey }, null, Elsewhere);

        Assert.Equal(ErrorCode.AlreadyExists, again.Code);
        Assert.Equal(ErrorCode.AlreadyExists, other.Code);
        Assert.Equal(afterRegistration, File.ReadAllBytes(_tracker.CredentialsPath));
        Assert.IsType<AuthSuccessReply>(_tracker.TryLogin("newbie", "s3cret", Home));
    }

    [Fact]
    public void AReplayedFinishAfterTheAccountWasRemovedCreatesNothing()
    {
        var challenge = _tracker.SendExpect<RegisterChallengeReply>(new RegisterStartRequest("newbie"), null, Home);
        var keys = ScramSha256.DeriveKeys("s3cret", challenge.Salt, challenge.Iterations);
        var finish = new RegisterFinishRequest("newbie", challenge.Salt, keys.StoredKey, keys.ServerKey);
        _tracker.SendExpect<OkReply>(finish, null, Home);
        File.WriteAllText(_tracker.CredentialsPath, "hans falcon*solo\n");
        _tracker.Credentials.ReloadIfChanged();

        var replay = _tracker.SendExpect<ErrorReply>(finish, null, Home);

        Assert.Equal(ErrorCode.AuthenticationFailed, replay.Code);
        Assert.Equal("hans falcon*solo\n", File.ReadAllText(_tracker.CredentialsPath));
    }

    [Fact]
    public void ARetransmittedFinishGetsTheCachedOk()
    {
        var challenge = _tracker.SendExpect<RegisterChallengeReply>(new RegisterStartRequest("newbie"), null, Home);
        var keys = ScramSha256.DeriveKeys("s3cret", challenge.Salt, challenge.Iterations);
        var finish = new RegisterFinishRequest("newbie", challenge.Salt, keys.StoredKey, keys.ServerKey);
        var id = _tracker.NextRequestId();

        Assert.IsType<OkReply>(_tracker.Send(finish, null, Home, id)!.Message);
        Assert.IsType<OkReply>(_tracker.Send(finish, null, Home, id)!.Message);
    }

    [Fact]
    public void RepeatedFailuresFromOneAddressAreThrottled()
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(ErrorCode.AlreadyExists, _tracker.SendExpect<ErrorReply>(new RegisterStartRequest("hans"), null, Home).Code);
        }

        var throttled = _tracker.SendExpect<ErrorReply>(new RegisterStartRequest("fresh"), null, HomeOtherPort);
        var otherAddress = _tracker.SendExpect<RegisterChallengeReply>(new RegisterStartRequest("fresh"), null, Elsewhere);

        Assert.Equal(ErrorCode.Throttled, throttled.Code);
        Assert.NotNull(otherAddress);
        _tracker.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<RegisterChallengeReply>(_tracker.Send(new RegisterStartRequest("fresh"), null, Home)!.Message);
    }

    [Fact]
    public void EachAddressMayCreateOnlyALimitedNumberOfAccountsPerWindow()
    {
        using var tracker = new TrackerHarness(
            new Dictionary<string, string> { ["hans"] = "pw" },
            o =>
            {
                o.AllowRegistration = true;
                o.RegistrationLimit = 2;
                o.RegistrationWindow = TimeSpan.FromMinutes(10);
            });

        Assert.IsType<OkReply>(tracker.TryRegister("one", "pw", Home));
        Assert.IsType<OkReply>(tracker.TryRegister("two", "pw", HomeOtherPort));
        var third = Assert.IsType<ErrorReply>(tracker.TryRegister("three", "pw", Home));
        Assert.IsType<OkReply>(tracker.TryRegister("elsewhere", "pw", Elsewhere));

        Assert.Equal(ErrorCode.Throttled, third.Code);
        Assert.Contains("600 s", third.Text, StringComparison.Ordinal);
        tracker.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.IsType<OkReply>(tracker.TryRegister("three", "pw", Home));
    }

    [Fact]
    public void ExpiredSaltsArePrunedByMaintenance()
    {
        _tracker.SendExpect<RegisterChallengeReply>(new RegisterStartRequest("newbie"), null, Home);
        Assert.Equal(1, _tracker.Registrar.PendingCount);

        _tracker.Time.Advance(TimeSpan.FromSeconds(11));
        _tracker.Service.RunMaintenance();

        Assert.Equal(0, _tracker.Registrar.PendingCount);
    }

    [Fact]
    public void TheNewAccountSurvivesARestartBecauseItIsInTheFile()
    {
        Assert.IsType<OkReply>(_tracker.TryRegister("newbie", "s3cret", Home));

        _tracker.Crash();

        Assert.IsType<AuthSuccessReply>(_tracker.TryLogin("newbie", "s3cret", Home));
        Assert.DoesNotContain("s3cret", File.ReadAllText(_tracker.CredentialsPath, Encoding.UTF8), StringComparison.Ordinal);
    }
}
