using System.Net;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker.Accounts;
using FileShare.Tracker.Authentication;
using FileShare.Tracker.Tests.Support;

namespace FileShare.Tracker.Tests.Authentication;

public sealed class ScramAuthenticatorTests : IDisposable
{
    private static readonly IPAddress Home = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress Elsewhere = IPAddress.Parse("127.0.0.2");

    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ScramAuthenticator _authenticator;

    public ScramAuthenticatorTests()
    {
        File.WriteAllText(_directory.File("credentials.txt"), "hans falcon*solo\nmaria wise@!man\n");
        var options = TestOptions.Create(o =>
        {
            o.CredentialsFile = _directory.File("credentials.txt");
            o.ThrottleFreeFailures = 3;
            o.ThrottleBaseDelay = TimeSpan.FromSeconds(1);
            o.ThrottleMaxDelay = TimeSpan.FromSeconds(60);
        });
        var store = new CredentialStore(options, new ListLogger<CredentialStore>());
        store.Load();
        _authenticator = new ScramAuthenticator(store, options, _time, new ListLogger<ScramAuthenticator>());
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void CorrectPasswordSucceedsAndTheServerSignatureVerifies()
    {
        var outcome = Login("hans", "falcon*solo", Home, out var expectedSignature);

        Assert.True(outcome.Succeeded);
        Assert.Equal("hans", outcome.UserName);
        Assert.Equal(expectedSignature, outcome.ServerSignature);
    }

    [Fact]
    public void WrongPasswordGetsTheGenericFailure()
    {
        var outcome = Login("hans", "wrong", Home, out _);

        Assert.Equal(ErrorCode.AuthenticationFailed, outcome.Error!.Code);
        Assert.Equal(ScramAuthenticator.FailureText, outcome.Error.Text);
    }

    [Fact]
    public void UnknownUserGetsAStableChallengeAndTheSameGenericFailure()
    {
        var first = Assert.IsType<AuthChallengeReply>(_authenticator.Start(new AuthStartRequest("ghost", "abc", 1, PeerCapabilities.SignedSessions), Home));
        var second = Assert.IsType<AuthChallengeReply>(_authenticator.Start(new AuthStartRequest("ghost", "def", 1, PeerCapabilities.SignedSessions), Home));
        Assert.Equal(first.Salt, second.Salt);
        Assert.Equal(4096, first.Iterations);

        var outcome = Login("ghost", "anything", Home, out _);

        Assert.Equal(ErrorCode.AuthenticationFailed, outcome.Error!.Code);
        Assert.Equal(ScramAuthenticator.FailureText, outcome.Error.Text);
    }

    [Fact]
    public void ActiveUserIsRefusedWithTheGenericFailure()
    {
        var outcome = Login("hans", "falcon*solo", Home, out _, isActive: user => user == "hans");

        Assert.Equal(ErrorCode.AuthenticationFailed, outcome.Error!.Code);
        Assert.Equal(ScramAuthenticator.FailureText, outcome.Error.Text);
    }

    [Fact]
    public void ProofIsAcceptedOnlyOnce()
    {
        var nonce = "nonce1";
        var challenge = Assert.IsType<AuthChallengeReply>(_authenticator.Start(new AuthStartRequest("hans", nonce, 1, PeerCapabilities.SignedSessions), Home));
        var proof = Proof("hans", "falcon*solo", nonce, challenge, out _);

        Assert.True(_authenticator.Finish(proof, Home, _ => false).Succeeded);
        Assert.False(_authenticator.Finish(proof, Home, _ => false).Succeeded);
    }

    [Fact]
    public void ProofFromAnotherAddressIsRefused()
    {
        var challenge = Assert.IsType<AuthChallengeReply>(_authenticator.Start(new AuthStartRequest("hans", "n", 1, PeerCapabilities.SignedSessions), Home));

        var outcome = _authenticator.Finish(Proof("hans", "falcon*solo", "n", challenge, out _), Elsewhere, _ => false);

        Assert.False(outcome.Succeeded);
    }

    [Fact]
    public void ExchangeExpiresAfterItsLifetime()
    {
        var challenge = Assert.IsType<AuthChallengeReply>(_authenticator.Start(new AuthStartRequest("hans", "n", 1, PeerCapabilities.SignedSessions), Home));
        _time.Advance(TimeSpan.FromSeconds(10).Add(TimeSpan.FromTicks(1)));

        var outcome = _authenticator.Finish(Proof("hans", "falcon*solo", "n", challenge, out _), Home, _ => false);

        Assert.False(outcome.Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has,comma")]
    [InlineData("has space")]
    public void BadClientNonceIsABadRequest(string nonce)
    {
        var reply = Assert.IsType<ErrorReply>(_authenticator.Start(new AuthStartRequest("hans", nonce, 1, PeerCapabilities.SignedSessions), Home));

        Assert.Equal(ErrorCode.BadRequest, reply.Code);
    }

    [Fact]
    public void RepeatedFailuresFromOneAddressAreThrottledWithGrowingDelay()
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.False(Login("hans", "wrong", Home, out _).Succeeded);
        }

        var throttled = Assert.IsType<ErrorReply>(_authenticator.Start(new AuthStartRequest("maria", "n", 1, PeerCapabilities.SignedSessions), Home));
        Assert.Equal(ErrorCode.Throttled, throttled.Code);
        Assert.Contains("1 s", throttled.Text, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(Login("maria", "wrong", Home, out _).Succeeded);

        var again = Assert.IsType<ErrorReply>(_authenticator.Start(new AuthStartRequest("maria", "n", 1, PeerCapabilities.SignedSessions), Home));
        Assert.Contains("2 s", again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedFailuresForOneUserAreThrottledFromAnyAddress()
    {
        for (var i = 0; i < 4; i++)
        {
            var address = IPAddress.Parse($"127.0.1.{i + 1}");
            Assert.False(Login("hans", "wrong", address, out _).Succeeded);
        }

        var throttled = Assert.IsType<ErrorReply>(_authenticator.Start(new AuthStartRequest("hans", "n", 1, PeerCapabilities.SignedSessions), Elsewhere));
        Assert.Equal(ErrorCode.Throttled, throttled.Code);
        Assert.IsType<AuthChallengeReply>(_authenticator.Start(new AuthStartRequest("maria", "n", 1, PeerCapabilities.SignedSessions), Elsewhere));
    }

    [Fact]
    public void SuccessResetsTheFailureCount()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.False(Login("hans", "wrong", Home, out _).Succeeded);
        }

        Assert.True(Login("hans", "falcon*solo", Home, out _).Succeeded);
        Assert.False(Login("hans", "wrong", Home, out _).Succeeded);

        Assert.IsType<AuthChallengeReply>(_authenticator.Start(new AuthStartRequest("hans", "n", 1, PeerCapabilities.SignedSessions), Home));
    }

    [Fact]
    public void EachFailureBeyondTheThreeFreeOnesBlocksForOneSecondDoublingUpToSixty()
    {
        // PROTOCOL.md §10.4: the n-th failure blocks for 0 (n <= 3), else min(1 s * 2^(n-4), 60 s).
        int?[] expected = [null, null, null, 1, 2, 4, 8, 16, 32, 60, 60, 60];
        var seen = new List<int?>();
        for (var failure = 0; failure < expected.Length; failure++)
        {
            Assert.False(Login("hans", "wrong", Home, out _).Succeeded);
            var wait = _authenticator.CheckThrottle("hans", Home);
            seen.Add(wait is null ? null : int.Parse(wait.Text.Split(' ')[^2], System.Globalization.CultureInfo.InvariantCulture));
            _time.Advance(TimeSpan.FromSeconds(seen[^1] ?? 0)); // the next try comes exactly when the block ends
        }

        Assert.Equal(expected, seen);
    }

    [Fact]
    public void ThrottledReplyGivesTheWaitLeftRoundedUpToWholeSeconds()
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.False(Login("hans", "wrong", Home, out _).Succeeded);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(Login("hans", "wrong", Home, out _).Succeeded); // the 5th: blocked for 2 s
        _time.Advance(TimeSpan.FromMilliseconds(700));
        var reply = Assert.IsType<ErrorReply>(_authenticator.Start(new AuthStartRequest("maria", "n", 1, PeerCapabilities.SignedSessions), Home));

        Assert.Equal(ErrorCode.Throttled, reply.Code);
        Assert.Equal("Too many failed logins; try again in 2 s", reply.Text);
    }

    [Fact]
    public void FailureCountIsForgottenSixtySecondsAfterTheLastBlockEnded()
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.False(Login("hans", "wrong", Home, out _).Succeeded);
        }

        // Block of the 4th failure: 1 s. One tick short of 60 s after it ended, the count is still there.
        _time.Advance(TimeSpan.FromSeconds(61) - TimeSpan.FromTicks(1));
        _authenticator.Prune(_time.GetUtcNow());
        Assert.False(Login("hans", "wrong", Home, out _).Succeeded);
        Assert.Contains("in 2 s", _authenticator.CheckThrottle("hans", Home)!.Text, StringComparison.Ordinal);

        // 60 s after the 5th failure's 2 s block ended, both the user and the address start again from nothing.
        _time.Advance(TimeSpan.FromSeconds(62));
        _authenticator.Prune(_time.GetUtcNow());
        Assert.False(Login("hans", "wrong", Home, out _).Succeeded);
        Assert.Null(_authenticator.CheckThrottle("hans", Home));
    }

    [Fact]
    public void BadUserNameInAuthStartIsABadRequestThatCountsAsNoFailure()
    {
        for (var i = 0; i < 10; i++)
        {
            var reply = Assert.IsType<ErrorReply>(_authenticator.Start(new AuthStartRequest("has space", "n", 1, PeerCapabilities.SignedSessions), Home));
            Assert.Equal(ErrorCode.BadRequest, reply.Code);
            Assert.Equal("User name cannot contain spaces or control characters", reply.Text);
        }

        Assert.IsType<AuthChallengeReply>(_authenticator.Start(new AuthStartRequest("hans", "n", 1, PeerCapabilities.SignedSessions), Home));
    }

    [Fact]
    public void PendingExchangesAreBoundedAndPruned()
    {
        for (var i = 0; i < 5; i++)
        {
            _authenticator.Start(new AuthStartRequest("hans", "n" + i, 1, PeerCapabilities.SignedSessions), Home);
        }

        Assert.Equal(5, _authenticator.PendingCount);
        _time.Advance(TimeSpan.FromSeconds(11));
        _authenticator.Prune(_time.GetUtcNow());
        Assert.Equal(0, _authenticator.PendingCount);
    }

    private AuthOutcome Login(string user, string password, IPAddress source, out byte[] expectedSignature, Func<string, bool>? isActive = null)
    {
        var nonce = ScramSha256.NewNonce();
        var challenge = Assert.IsType<AuthChallengeReply>(_authenticator.Start(new AuthStartRequest(user, nonce, 7000, PeerCapabilities.SignedSessions), source));
        var proof = Proof(user, password, nonce, challenge, out expectedSignature);
        return _authenticator.Finish(proof, source, isActive ?? (_ => false));
    }

    private static AuthProofRequest Proof(string user, string password, string nonce, AuthChallengeReply challenge, out byte[] expectedSignature)
    {
        var keys = ScramSha256.DeriveKeys(password, challenge.Salt, challenge.Iterations);
        var authMessage = ScramSha256.AuthMessage(user, nonce, challenge.CombinedNonce, challenge.Salt, challenge.Iterations);
        expectedSignature = ScramSha256.ServerSignature(keys.ServerKey, authMessage);
        return new AuthProofRequest(challenge.CombinedNonce, ScramSha256.ClientProof(keys, authMessage));
    }
}
