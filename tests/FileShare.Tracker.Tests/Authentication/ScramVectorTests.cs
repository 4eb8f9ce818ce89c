using System.Net;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker.Accounts;
using FileShare.Tracker.Authentication;
using FileShare.Tracker.Tests.Support;

namespace FileShare.Tracker.Tests.Authentication;

/// <summary>The SCRAM-SHA-256 example exchange of RFC 7677, section 3.</summary>
public sealed class ScramVectorTests : IDisposable
{
    private const string User = "user";
    private const string Password = "pencil";
    private const string ClientNonce = "rOprNGfwEbeRWgbNEkqO";
    private const string ServerNoncePart = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private const string SaltBase64 = "W22ZaJ0SNY7soEsUEjb6gQ==";
    private const string ClientProofBase64 = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string ServerSignatureBase64 = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void LibraryMathMatchesTheRfcVector()
    {
        var salt = Convert.FromBase64String(SaltBase64);
        var keys = ScramSha256.DeriveKeys(Password, salt, 4096);
        var authMessage = ScramSha256.AuthMessage(User, ClientNonce, ClientNonce + ServerNoncePart, salt, 4096);

        Assert.Equal(
            "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
            authMessage);
        Assert.Equal(ClientProofBase64, Convert.ToBase64String(ScramSha256.ClientProof(keys, authMessage)));
        Assert.Equal(ServerSignatureBase64, Convert.ToBase64String(ScramSha256.ServerSignature(keys.ServerKey, authMessage)));
    }

    [Fact]
    public void TrackerAcceptsTheRfcProofAndAnswersWithTheRfcServerSignature()
    {
        // The hashed line form, so the account has the RFC's salt.
        var credential = ScramCredential.FromPassword(Password, Convert.FromBase64String(SaltBase64), 4096);
        File.WriteAllText(_directory.File("credentials.txt"), $"{User} {credential.Format()}");
        var options = TestOptions.Create(o => o.CredentialsFile = _directory.File("credentials.txt"));
        var store = new CredentialStore(options, new ListLogger<CredentialStore>());
        store.Load();
        var authenticator = new ScramAuthenticator(store, options, new FakeTimeProvider(), new ListLogger<ScramAuthenticator>())
        {
            ServerNonce = () => ServerNoncePart,
        };
        var source = IPAddress.Loopback;

        var challenge = Assert.IsType<AuthChallengeReply>(authenticator.Start(new AuthStartRequest(User, ClientNonce, 7000, PeerCapabilities.SignedSessions), source));
        Assert.Equal(ClientNonce + ServerNoncePart, challenge.CombinedNonce);
        Assert.Equal(SaltBase64, Convert.ToBase64String(challenge.Salt));
        Assert.Equal(4096, challenge.Iterations);

        var outcome = authenticator.Finish(
            new AuthProofRequest(challenge.CombinedNonce, Convert.FromBase64String(ClientProofBase64)), source, _ => false);

        Assert.True(outcome.Succeeded);
        Assert.Equal(User, outcome.UserName);
        Assert.Equal(7000, outcome.FileServerPort);
        Assert.Equal(ServerSignatureBase64, Convert.ToBase64String(outcome.ServerSignature!));
    }
}
