using FileShare.Protocol.Security;

namespace FileShare.Protocol.Tests.Security;

/// <summary>The stored credential text form <c>scram-sha-256$ITER$SALT$STOREDKEY$SERVERKEY</c>.</summary>
public sealed class ScramCredentialTests
{
    private static readonly byte[] RfcSalt = Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static readonly string Key = Convert.ToBase64String(new byte[32]);

    [Fact]
    public void FormatThenTryParseRoundTrips()
    {
        var credential = ScramCredential.FromPassword("pencil", RfcSalt, 4096);
        var text = credential.Format();

        Assert.StartsWith("scram-sha-256$4096$W22ZaJ0SNY7soEsUEjb6gQ==$", text, StringComparison.Ordinal);
        Assert.True(ScramCredential.TryParse(text, out var parsed, out var error), error);
        Assert.Null(error);
        Assert.NotNull(parsed);
        Assert.Equal(credential.Iterations, parsed.Iterations);
        Assert.Equal(credential.Salt, parsed.Salt);
        Assert.Equal(credential.StoredKey, parsed.StoredKey);
        Assert.Equal(credential.ServerKey, parsed.ServerKey);
        Assert.Equal(text, parsed.Format());
    }

    [Fact]
    public void CredentialKeysMatchTheDerivedKeys()
    {
        var keys = ScramSha256.DeriveKeys("pencil", RfcSalt, 4096);
        var credential = ScramCredential.FromPassword("pencil", RfcSalt, 4096);
        Assert.Equal(keys.StoredKey, credential.StoredKey);
        Assert.Equal(keys.ServerKey, credential.ServerKey);
    }

    [Fact]
    public void CreateUsesAFreshSaltOfTheConfiguredSize()
    {
        var a = ScramCredential.Create("pencil");
        var b = ScramCredential.Create("pencil");
        Assert.Equal(ProtocolLimits.SaltBytes, a.Salt.Length);
        Assert.Equal(ScramSha256.DefaultIterations, a.Iterations);
        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.StoredKey, b.StoredKey);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "", "must start with" },
        { "sha1$4096$AAAA$" + Key + "$" + Key, "must start with" },
        { "SCRAM-SHA-256$4096$AAAA$" + Key + "$" + Key, "must start with" },
        { "scram-sha-256$4096$AAAA$" + Key, "needs 4 parts" },
        { "scram-sha-256$4096$AAAA$" + Key + "$" + Key + "$extra", "needs 4 parts" },
        { "scram-sha-256$0$AAAA$" + Key + "$" + Key, "iteration count '0'" },
        { "scram-sha-256$-1$AAAA$" + Key + "$" + Key, "iteration count '-1'" },
        { "scram-sha-256$+5$AAAA$" + Key + "$" + Key, "iteration count '+5'" },
        { "scram-sha-256$ 4096$AAAA$" + Key + "$" + Key, "iteration count ' 4096'" },
        { "scram-sha-256$abc$AAAA$" + Key + "$" + Key, "iteration count 'abc'" },
        { "scram-sha-256$1000001$AAAA$" + Key + "$" + Key, "iteration count '1000001'" },
        { "scram-sha-256$99999999999$AAAA$" + Key + "$" + Key, "iteration count" },
        { "scram-sha-256$4096$$" + Key + "$" + Key, "salt" },
        { "scram-sha-256$4096$not base64!$" + Key + "$" + Key, "salt" },
        { "scram-sha-256$4096$" + Convert.ToBase64String(new byte[65]) + "$" + Key + "$" + Key, "salt" },
        { "scram-sha-256$4096$AAAA$" + Convert.ToBase64String(new byte[31]) + "$" + Key, "32 bytes" },
        { "scram-sha-256$4096$AAAA$" + Key + "$" + Convert.ToBase64String(new byte[33]), "32 bytes" },
        { "scram-sha-256$4096$AAAA$" + Key + "$%%%", "32 bytes" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedTextIsRejectedWithAReason(string text, string reasonFragment)
    {
        Assert.False(ScramCredential.TryParse(text, out var credential, out var error));
        Assert.Null(credential);
        Assert.NotNull(error);
        Assert.Contains(reasonFragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void BoundaryIterationCountsAndSaltSizesAreAccepted()
    {
        Assert.True(ScramCredential.TryParse($"scram-sha-256$1$AA==${Key}${Key}", out var one, out _));
        Assert.Equal(1, one!.Iterations);
        Assert.Single(one.Salt);
        var max = $"scram-sha-256${ProtocolLimits.MaxScramIterations}${Convert.ToBase64String(new byte[64])}${Key}${Key}";
        Assert.True(ScramCredential.TryParse(max, out var big, out _));
        Assert.Equal(64, big!.Salt.Length);
    }

    [Fact]
    public void NullTextIsRefused()
    {
        Assert.Throws<ArgumentNullException>(() => ScramCredential.TryParse(null!, out _, out _));
    }
}
