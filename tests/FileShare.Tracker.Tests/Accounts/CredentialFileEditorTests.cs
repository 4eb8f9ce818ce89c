using System.Text;
using FileShare.Protocol.Security;
using FileShare.Tracker.Accounts;

namespace FileShare.Tracker.Tests.Accounts;

public sealed class CredentialFileEditorTests
{
    private static readonly ScramCredential Credential = ScramCredential.FromPassword("s3cret", new byte[16], 4096);

    private static string HashedLine(string user) => $"{user} {Credential.Format()}";

    [Fact]
    public void AppendKeepsEveryExistingByteAndWritesOnlyTheHashedForm()
    {
        var original = Encoding.UTF8.GetBytes("# Accounts\r\nhans falcon*solo\r\n\r\n  # indented comment \r\nmaria wise@!man\r\n");

        var updated = CredentialFileEditor.Append(original, "newbie", Credential);

        Assert.Equal(original, updated[..original.Length]);
        Assert.Equal(HashedLine("newbie") + "\r\n", Encoding.UTF8.GetString(updated[original.Length..]));
        Assert.DoesNotContain("s3cret", Encoding.UTF8.GetString(updated), StringComparison.Ordinal);
    }

    [Fact]
    public void AppendAfterALastLineWithoutLineBreakAddsOneFirst()
    {
        var original = Encoding.UTF8.GetBytes("hans falcon*solo");

        var updated = CredentialFileEditor.Append(original, "newbie", Credential);

        Assert.Equal("hans falcon*solo\n" + HashedLine("newbie") + "\n", Encoding.UTF8.GetString(updated));
    }

    [Fact]
    public void AppendToAnEmptyFileWritesOneLine()
    {
        Assert.Equal(HashedLine("newbie") + "\n", Encoding.UTF8.GetString(CredentialFileEditor.Append([], "newbie", Credential)));
    }

    [Fact]
    public void ReplaceChangesOnlyTheLineTheParserUses()
    {
        const string Before = "\uFEFFhans falcon*solo\n# hans old-password\nhans a b\nmaria wise@!man\r\nhans duplicate\n";
        var original = Encoding.UTF8.GetBytes(Before);

        var updated = CredentialFileEditor.Replace(original, "hans", Credential);

        Assert.Equal(
            "\uFEFF" + HashedLine("hans") + "\n# hans old-password\nhans a b\nmaria wise@!man\r\nhans duplicate\n",
            Encoding.UTF8.GetString(updated!));
    }

    [Fact]
    public void ReplaceKeepsACrlfLineEnding()
    {
        var updated = CredentialFileEditor.Replace(Encoding.UTF8.GetBytes("# c\r\nmaria wise@!man\r\nzoe z\r\n"), "maria", Credential);

        Assert.Equal("# c\r\n" + HashedLine("maria") + "\r\nzoe z\r\n", Encoding.UTF8.GetString(updated!));
    }

    [Fact]
    public void ReplaceSkipsAMalformedLineOfTheSameUser()
    {
        var updated = CredentialFileEditor.Replace(Encoding.UTF8.GetBytes("hans too many fields\nhans pw\n"), "hans", Credential);

        Assert.Equal("hans too many fields\n" + HashedLine("hans") + "\n", Encoding.UTF8.GetString(updated!));
    }

    [Fact]
    public void ReplaceOfAnUnknownUserIsNull()
    {
        Assert.Null(CredentialFileEditor.Replace(Encoding.UTF8.GetBytes("# ghost pw\nhans pw\n"), "ghost", Credential));
    }

    [Fact]
    public void RemoveDropsEveryDefinitionAndKeepsEverythingElse()
    {
        var updated = CredentialFileEditor.Remove(Encoding.UTF8.GetBytes("# hans\nhans pw\nmaria m\r\nhans again\nzoe z"), "hans");

        Assert.Equal("# hans\nmaria m\r\nzoe z", Encoding.UTF8.GetString(updated!));
    }

    [Fact]
    public void RemoveOfTheFirstLineKeepsTheByteOrderMark()
    {
        var updated = CredentialFileEditor.Remove(Encoding.UTF8.GetBytes("\uFEFFhans pw\nmaria m\n"), "hans");

        Assert.Equal("\uFEFFmaria m\n", Encoding.UTF8.GetString(updated!));
        Assert.Null(CredentialFileEditor.Remove(updated!, "hans"));
    }

    [Fact]
    public void ContainsAndListFollowTheParser()
    {
        var content = Encoding.UTF8.GetBytes($"# zoe z\nhans pw\n{HashedLine("maria")}\nbroken\nhans dup\n");

        Assert.True(CredentialFileEditor.Contains(content, "maria"));
        Assert.False(CredentialFileEditor.Contains(content, "zoe"));
        Assert.False(CredentialFileEditor.Contains(content, "broken"));
        Assert.Equal([("hans", false), ("maria", true)], CredentialFileEditor.ListAccounts(content));
    }

    [Fact]
    public void Utf16FilesAreRefusedInsteadOfDamaged()
    {
        var content = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("hans pw\n")).ToArray();

        Assert.Throws<InvalidDataException>(() => CredentialFileEditor.Append(content, "newbie", Credential));
    }
}
