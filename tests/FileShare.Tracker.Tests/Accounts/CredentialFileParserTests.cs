using FileShare.Protocol.Security;
using FileShare.Tracker.Accounts;

namespace FileShare.Tracker.Tests.Accounts;

public sealed class CredentialFileParserTests
{
    private const int Iterations = 4096;

    [Fact]
    public void PlaintextLinesWithSymbolsBecomeScramCredentialsForThatPassword()
    {
        var file = CredentialFileParser.Parse("hans falcon*solo\nmaria wise@!man\n", Iterations);

        Assert.Empty(file.Errors);
        Assert.Equal(2, file.Accounts.Count);
        var hans = file.Accounts["hans"].Credential;
        Assert.Equal(Iterations, hans.Iterations);
        Assert.Equal(ScramCredential.FromPassword("falcon*solo", hans.Salt, Iterations).StoredKey, hans.StoredKey);
        var maria = file.Accounts["maria"].Credential;
        Assert.Equal(ScramCredential.FromPassword("wise@!man", maria.Salt, Iterations).ServerKey, maria.ServerKey);
    }

    [Fact]
    public void HashedLineIsTakenAsIs()
    {
        var credential = ScramCredential.FromPassword("pencil", Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);

        var file = CredentialFileParser.Parse($"user {credential.Format()}", Iterations);

        Assert.Empty(file.Errors);
        var parsed = file.Accounts["user"];
        Assert.Null(parsed.PasswordFingerprint);
        Assert.Equal(credential.Salt, parsed.Credential.Salt);
        Assert.Equal(credential.StoredKey, parsed.Credential.StoredKey);
        Assert.Equal(credential.ServerKey, parsed.Credential.ServerKey);
    }

    [Fact]
    public void CommentsBlankLinesAndWindowsLineEndingsAreIgnored()
    {
        var file = CredentialFileParser.Parse("# accounts\r\n\r\n   \r\n  # indented comment\r\nhans falcon*solo\r\n", Iterations);

        Assert.Empty(file.Errors);
        Assert.Equal(["hans"], file.Accounts.Keys);
    }

    [Fact]
    public void PasswordMayContainHashCharacter()
    {
        var file = CredentialFileParser.Parse("hans pass#word", Iterations);

        var hans = file.Accounts["hans"].Credential;
        Assert.Equal(ScramCredential.FromPassword("pass#word", hans.Salt, Iterations).StoredKey, hans.StoredKey);
    }

    [Theory]
    [InlineData("justaname", 1, "one space")]
    [InlineData("hans falcon solo", 1, "exactly two fields")]
    [InlineData("hans  falcon", 1, "exactly two fields")]
    [InlineData("hans\tfalcon", 1, "one space")]
    [InlineData("user scram-sha-256$4096$bad", 1, "4 parts")]
    [InlineData("user scram-sha-256$x$AAAA$AAAA$AAAA", 1, "iteration count")]
    [InlineData("user scram-sha-256$4096$!!!$AAAA$AAAA", 1, "salt")]
    [InlineData("user scram-sha-256$1000$W22ZaJ0SNY7soEsUEjb6gQ==$W22ZaJ0SNY7soEsUEjb6gW22ZaJ0SNY7soEsUEjb6gQ=$W22ZaJ0SNY7soEsUEjb6gW22ZaJ0SNY7soEsUEjb6gQ=", 1, "at least 4096")]
    public void MalformedLineIsReportedWithItsNumberAndSkipped(string line, int lineNumber, string reasonFragment)
    {
        var file = CredentialFileParser.Parse(line + "\nmaria wise@!man", Iterations);

        var error = Assert.Single(file.Errors);
        Assert.Equal(lineNumber, error.LineNumber);
        Assert.Contains(reasonFragment, error.Reason, StringComparison.Ordinal);
        Assert.Equal(["maria"], file.Accounts.Keys);
    }

    [Fact]
    public void LineNumbersCountCommentsAndBlankLines()
    {
        var file = CredentialFileParser.Parse("# c\n\nhans falcon*solo\nbroken\n", Iterations);

        Assert.Equal(4, Assert.Single(file.Errors).LineNumber);
    }

    [Fact]
    public void DuplicateUserKeepsTheFirstLineAndReportsTheSecond()
    {
        var file = CredentialFileParser.Parse("hans first\nhans second", Iterations);

        var error = Assert.Single(file.Errors);
        Assert.Equal(2, error.LineNumber);
        var hans = file.Accounts["hans"].Credential;
        Assert.Equal(ScramCredential.FromPassword("first", hans.Salt, Iterations).StoredKey, hans.StoredKey);
    }

    [Fact]
    public void UnchangedPlaintextPasswordKeepsItsKeysOnReload()
    {
        var first = CredentialFileParser.Parse("hans falcon*solo\nmaria wise@!man", Iterations);

        var second = CredentialFileParser.Parse("hans falcon*solo\nmaria changed", Iterations, first.Accounts);

        Assert.Same(first.Accounts["hans"], second.Accounts["hans"]);
        Assert.NotSame(first.Accounts["maria"], second.Accounts["maria"]);
    }
}
