using FileShare.Protocol.Security;

namespace FileShare.Protocol.Tests.Security;

/// <summary>SCRAM-SHA-256 against the RFC 7677 example exchange.</summary>
public sealed class ScramSha256Tests
{
    private const string User = "user";
    private const string Password = "pencil";
    private const string ClientNonce = "rOprNGfwEbeRWgbNEkqO";
    private const string CombinedNonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private const int Iterations = 4096;
    private static readonly byte[] Salt = Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ==");

    private static string RfcAuthMessage() => ScramSha256.AuthMessage(User, ClientNonce, CombinedNonce, Salt, Iterations);

    [Fact]
    public void AuthMessageMatchesRfc7677()
    {
        Assert.Equal(
            "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
            RfcAuthMessage());
    }

    [Fact]
    public void ClientProofMatchesRfc7677()
    {
        var keys = ScramSha256.DeriveKeys(Password, Salt, Iterations);
        Assert.Equal("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", Convert.ToBase64String(ScramSha256.ClientProof(keys, RfcAuthMessage())));
    }

    [Fact]
    public void ServerSignatureMatchesRfc7677()
    {
        var keys = ScramSha256.DeriveKeys(Password, Salt, Iterations);
        Assert.Equal("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", Convert.ToBase64String(ScramSha256.ServerSignature(keys.ServerKey, RfcAuthMessage())));
    }

    [Fact]
    public void ServerAcceptsTheRfcProofWithOnlyTheStoredKey()
    {
        var keys = ScramSha256.DeriveKeys(Password, Salt, Iterations);
        var proof = Convert.FromBase64String("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        Assert.True(ScramSha256.VerifyClientProof(keys.StoredKey, RfcAuthMessage(), proof));
    }

    [Fact]
    public void TamperedOrWrongLengthProofIsRefused()
    {
        var keys = ScramSha256.DeriveKeys(Password, Salt, Iterations);
        var proof = ScramSha256.ClientProof(keys, RfcAuthMessage());
        var tampered = (byte[])proof.Clone();
        tampered[0] ^= 1;
        Assert.False(ScramSha256.VerifyClientProof(keys.StoredKey, RfcAuthMessage(), tampered));
        Assert.False(ScramSha256.VerifyClientProof(keys.StoredKey, RfcAuthMessage(), proof.AsSpan(0, 31)));
        Assert.False(ScramSha256.VerifyClientProof(keys.StoredKey, RfcAuthMessage(), ReadOnlySpan<byte>.Empty));
        Assert.False(ScramSha256.VerifyClientProof(keys.StoredKey, RfcAuthMessage() + "x", proof));
    }

    [Fact]
    public void WrongPasswordProducesAProofTheServerRefuses()
    {
        var stored = ScramSha256.DeriveKeys(Password, Salt, Iterations).StoredKey;
        var wrong = ScramSha256.DeriveKeys("pencil2", Salt, Iterations);
        Assert.False(ScramSha256.VerifyClientProof(stored, RfcAuthMessage(), ScramSha256.ClientProof(wrong, RfcAuthMessage())));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a=b", "a=3Db")]
    [InlineData("a,b", "a=2Cb")]
    [InlineData("=,=", "=3D=2C=3D")]
    public void UserNameEscapingFollowsRfc5802(string name, string escaped)
    {
        Assert.Equal(escaped, ScramSha256.EscapeUserName(name));
        Assert.StartsWith($"n={escaped},", ScramSha256.AuthMessage(name, "x", "xy", Salt, 4096), StringComparison.Ordinal);
    }

    [Fact]
    public void NoncesArePrintableWithoutCommasAndDistinct()
    {
        var nonces = Enumerable.Range(0, 50).Select(_ => ScramSha256.NewNonce()).ToList();
        Assert.All(nonces, n =>
        {
            Assert.Equal(24, n.Length);
            Assert.DoesNotContain(',', n);
            Assert.All(n, c => Assert.InRange(c, '!', '~'));
        });
        Assert.Equal(nonces.Count, nonces.Distinct().Count());
    }

    [Fact]
    public void ChangePasswordMessageBindsUserNonceAndNewKeys()
    {
        var a = ScramSha256.ChangePasswordMessage("u=1", "n", [1], [2]);
        Assert.Equal("passwd,n=u=3D1,r=n,k=AQ==,s=Ag==", a);
        Assert.NotEqual(a, ScramSha256.ChangePasswordMessage("u=1", "n", [1], [3]));
    }
}
