using System.Net;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker.Tests.Support;

namespace FileShare.Tracker.Tests.Authentication;

public sealed class PasswordChangeTests : IDisposable
{
    private static readonly IPEndPoint HansAt = TrackerHarness.Endpoint(40001);
    private static readonly IPEndPoint MariaAt = TrackerHarness.Endpoint(40002, "127.0.0.2");

    private readonly TrackerHarness _tracker = new(new Dictionary<string, string>
    {
        ["hans"] = "falcon*solo",
        ["maria"] = "wise@!man",
    });

    public void Dispose() => _tracker.Dispose();

    [Fact]
    public void ChangedPasswordIsStoredHashedAndOnlyTheNewOneLogsIn()
    {
        var token = _tracker.Login("hans", "falcon*solo", HansAt);

        Assert.IsType<OkReply>(_tracker.TryChangePassword("hans", token, "falcon*solo", "n3w-Pass", HansAt));

        var lines = File.ReadAllLines(_tracker.CredentialsPath);
        Assert.StartsWith("hans scram-sha-256$4096$", lines[0], StringComparison.Ordinal);
        Assert.Equal("maria wise@!man", lines[1]);
        _tracker.SendExpect<NameListReply>(new ListMyFilesRequest(null), token, HansAt); // the session stays valid
        _tracker.SendExpect<OkReply>(new LeaveRequest(), token, HansAt);
        Assert.Equal(ErrorCode.AuthenticationFailed, Assert.IsType<ErrorReply>(_tracker.TryLogin("hans", "falcon*solo", HansAt)).Code);
        Assert.IsType<AuthSuccessReply>(_tracker.TryLogin("hans", "n3w-Pass", HansAt));
    }

    [Fact]
    public void TheChallengeCarriesTheCurrentSaltAndAFreshOne()
    {
        var token = _tracker.Login("hans", "falcon*solo", HansAt);
        Assert.True(_tracker.Credentials.TryGet("hans", out var current));

        var challenge = _tracker.SendExpect<ChangePasswordChallengeReply>(new ChangePasswordStartRequest(), token, HansAt);

        Assert.Equal(current.Salt, challenge.CurrentSalt);
        Assert.Equal(current.Iterations, challenge.CurrentIterations);
        Assert.NotEqual(current.Salt, challenge.NewSalt);
        Assert.Equal(4096, challenge.NewIterations);
        Assert.False(string.IsNullOrEmpty(challenge.Nonce));
    }

    [Fact]
    public void AWrongOldPasswordIsAuthenticationFailedAndChangesNothing()
    {
        var token = _tracker.Login("hans", "falcon*solo", HansAt);
        var before = File.ReadAllBytes(_tracker.CredentialsPath);

        var reply = Assert.IsType<ErrorReply>(_tracker.TryChangePassword("hans", token, "wrong", "n3w", HansAt));

        Assert.Equal((ErrorCode.AuthenticationFailed, "Password change failed"), (reply.Code, reply.Text));
        Assert.Equal(before, File.ReadAllBytes(_tracker.CredentialsPath));
    }

    [Fact]
    public void WrongOldPasswordsAreThrottledLikeFailedLogins()
    {
        var token = _tracker.Login("hans", "falcon*solo", HansAt);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(ErrorCode.AuthenticationFailed, Assert.IsType<ErrorReply>(_tracker.TryChangePassword("hans", token, "guess" + i, "n3w", HansAt)).Code);
        }

        var throttled = Assert.IsType<ErrorReply>(_tracker.TryChangePassword("hans", token, "falcon*solo", "n3w", HansAt));

        Assert.Equal(ErrorCode.Throttled, throttled.Code);
        _tracker.Time.Advance(TimeSpan.FromSeconds(1));
        _tracker.SendExpect<NameListReply>(new ListMyFilesRequest(null), token, HansAt);
        Assert.IsType<OkReply>(_tracker.TryChangePassword("hans", token, "falcon*solo", "n3w", HansAt));
    }

    [Fact]
    public void TheNonceIsSingleUse()
    {
        var token = _tracker.Login("hans", "falcon*solo", HansAt);
        var (finish, _) = PrepareFinish(token, "falcon*solo", "n3w");
        _tracker.SendExpect<OkReply>(finish, token, HansAt);
        var afterChange = File.ReadAllBytes(_tracker.CredentialsPath);

        var replay = _tracker.SendExpect<ErrorReply>(finish, token, HansAt);

        Assert.Equal(ErrorCode.AuthenticationFailed, replay.Code);
        Assert.Equal(afterChange, File.ReadAllBytes(_tracker.CredentialsPath));
    }

    [Fact]
    public void TheNonceIsBoundToTheSessionItWasIssuedTo()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt);
        var (finish, _) = PrepareFinish(hans, "falcon*solo", "n3w");

        var reply = _tracker.SendExpect<ErrorReply>(finish, maria, MariaAt);

        Assert.Equal(ErrorCode.AuthenticationFailed, reply.Code);
        Assert.Equal("hans falcon*solo\nmaria wise@!man", File.ReadAllText(_tracker.CredentialsPath));
    }

    [Fact]
    public void TheProofIsBoundToTheNewKeys()
    {
        var token = _tracker.Login("hans", "falcon*solo", HansAt);
        var (finish, _) = PrepareFinish(token, "falcon*solo", "n3w");
        var other = ScramSha256.DeriveKeys("attacker", new byte[16], 4096);

        var reply = _tracker.SendExpect<ErrorReply>(finish with { NewStoredKey = other.StoredKey, NewServerKey = other.ServerKey }, token, HansAt);

        Assert.Equal(ErrorCode.AuthenticationFailed, reply.Code);
        Assert.DoesNotContain("scram", File.ReadAllText(_tracker.CredentialsPath), StringComparison.Ordinal);
    }

    [Fact]
    public void AnExpiredNonceIsRefused()
    {
        var token = _tracker.Login("hans", "falcon*solo", HansAt);
        var (finish, _) = PrepareFinish(token, "falcon*solo", "n3w");
        for (var i = 0; i < 11; i++)
        {
            _tracker.Time.Advance(TimeSpan.FromSeconds(1));
            _tracker.SendExpect<NameListReply>(new ListMyFilesRequest(null), token, HansAt); // keep the session alive
        }

        Assert.Equal(ErrorCode.AuthenticationFailed, _tracker.SendExpect<ErrorReply>(finish, token, HansAt).Code);
    }

    [Fact]
    public void WithoutASessionNothingHappens()
    {
        var noSession = new byte[16];
        Assert.Equal(ErrorCode.NotAuthenticated, _tracker.SendExpect<ErrorReply>(new ChangePasswordStartRequest(), noSession, HansAt).Code);
        var finish = new ChangePasswordFinishRequest("nonce", new byte[32], new byte[32], new byte[32]);
        Assert.Equal(ErrorCode.NotAuthenticated, _tracker.SendExpect<ErrorReply>(finish, null, HansAt).Code);
    }

    [Fact]
    public void AFileEditInTheMeantimeIsKept()
    {
        var token = _tracker.Login("hans", "falcon*solo", HansAt);
        File.AppendAllText(_tracker.CredentialsPath, "\n# added by hand\nzoe zzz\n");

        Assert.IsType<OkReply>(_tracker.TryChangePassword("hans", token, "falcon*solo", "n3w", HansAt));

        var text = File.ReadAllText(_tracker.CredentialsPath);
        Assert.EndsWith("maria wise@!man\n# added by hand\nzoe zzz\n", text, StringComparison.Ordinal);
        Assert.True(_tracker.Credentials.Contains("zoe"));
    }

    private (ChangePasswordFinishRequest Finish, ChangePasswordChallengeReply Challenge) PrepareFinish(byte[] token, string oldPassword, string newPassword)
    {
        var challenge = _tracker.SendExpect<ChangePasswordChallengeReply>(new ChangePasswordStartRequest(), token, HansAt);
        var oldKeys = ScramSha256.DeriveKeys(oldPassword, challenge.CurrentSalt, challenge.CurrentIterations);
        var newKeys = ScramSha256.DeriveKeys(newPassword, challenge.NewSalt, challenge.NewIterations);
        var proof = ScramSha256.ClientProof(oldKeys, ScramSha256.ChangePasswordMessage("hans", challenge.Nonce, newKeys.StoredKey, newKeys.ServerKey));
        return (new ChangePasswordFinishRequest(challenge.Nonce, proof, newKeys.StoredKey, newKeys.ServerKey), challenge);
    }
}
