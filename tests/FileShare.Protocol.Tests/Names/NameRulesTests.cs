namespace FileShare.Protocol.Tests.Names;

/// <summary>The naming rules shared by tracker and peer.</summary>
public sealed class NameRulesTests
{
    [Theory]
    [InlineData("report.pdf")]
    [InlineData("holiday photos 2024.zip")]
    [InlineData("ünïcödé € 文件.txt")]
    [InlineData("...")]
    [InlineData(".hidden")]
    [InlineData("a")]
    [InlineData("😀")]
    public void ValidFileNamesAreAccepted(string name)
    {
        Assert.Null(NameRules.CheckFileName(name));
    }

    [Fact]
    public void FileNameOfExactly255BytesIsAcceptedAnd256IsNot()
    {
        Assert.Null(NameRules.CheckFileName(new string('a', 255)));
        Assert.Null(NameRules.CheckFileName("é" + new string('€', 84) + "."));
        Assert.Contains("255 bytes", NameRules.CheckFileName(new string('a', 256)), StringComparison.Ordinal);
        // 86 chars but 258 bytes: the limit is in bytes
        Assert.Contains("255 bytes", NameRules.CheckFileName(new string('€', 86)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData(".", "'.' or '..'")]
    [InlineData("..", "'.' or '..'")]
    [InlineData("a/b", "'/'")]
    [InlineData("/etc/passwd", "'/'")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("..\\..\\x", "'\\'")]
    [InlineData("a\0b", "control")]
    [InlineData("a\nb", "control")]
    [InlineData("tab\there", "control")]
    [InlineData("del\u007f", "control")]
    [InlineData("c1\u0085", "control")]
    public void InvalidFileNamesAreRejectedWithAReason(string? name, string reasonFragment)
    {
        var reason = NameRules.CheckFileName(name);
        Assert.NotNull(reason);
        Assert.Contains(reasonFragment, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FileNameWithUnpairedSurrogateIsRejected()
    {
        // Built in code: theory data would be re-encoded (and the surrogate replaced) on its way to the test.
        foreach (var name in new[] { "bad" + '\ud800', '\udc00' + "x", "a" + '\ud83d' + "b" })
        {
            Assert.Contains("not valid Unicode", NameRules.CheckFileName(name), StringComparison.Ordinal);
        }

        Assert.Null(NameRules.CheckFileName("ok \ud83d\ude00"));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("Bob_2")]
    [InlineData("a.b-c_d")]
    [InlineData("x")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    public void ValidNewUserNamesAreAccepted(string name)
    {
        Assert.Null(NameRules.CheckNewUserName(name));
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "32 characters")]
    [InlineData("al ice", "letters, digits")]
    [InlineData("émile", "letters, digits")]
    [InlineData("a,b", "letters, digits")]
    [InlineData("a=b", "letters, digits")]
    [InlineData("a/b", "letters, digits")]
    [InlineData("ａ", "letters, digits")]
    public void InvalidNewUserNamesAreRejectedWithAReason(string? name, string reasonFragment)
    {
        Assert.Contains(reasonFragment, NameRules.CheckNewUserName(name), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("émile")]
    [InlineData("a=b,c")]
    public void ExistingUserNamesMayUseAnyPrintableCharacters(string name)
    {
        Assert.Null(NameRules.CheckExistingUserName(name));
    }

    [Fact]
    public void ExistingUserNameIsLimitedTo64Bytes()
    {
        Assert.Null(NameRules.CheckExistingUserName(new string('u', 64)));
        Assert.Contains("64 bytes", NameRules.CheckExistingUserName(new string('u', 65)), StringComparison.Ordinal);
        Assert.Contains("64 bytes", NameRules.CheckExistingUserName(new string('é', 33)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("two words", "spaces")]
    [InlineData("tab\tname", "spaces")]
    [InlineData("nbsp\u00a0name", "spaces")]
    [InlineData("nul\0", "control")]
    public void InvalidExistingUserNamesAreRejectedWithAReason(string? name, string reasonFragment)
    {
        Assert.Contains(reasonFragment, NameRules.CheckExistingUserName(name), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pencil")]
    [InlineData("P@ssw0rd!~")]
    [InlineData("x")]
    public void ValidNewPasswordsAreAccepted(string password)
    {
        Assert.Null(NameRules.CheckNewPassword(password));
        Assert.Null(NameRules.CheckNewPassword(new string('p', ProtocolLimits.MaxPasswordLength)));
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("with space", "printable ASCII")]
    [InlineData("pässword", "printable ASCII")]
    [InlineData("del\u007f", "printable ASCII")]
    [InlineData("tab\t", "printable ASCII")]
    public void InvalidNewPasswordsAreRejectedWithAReason(string? password, string reasonFragment)
    {
        Assert.Contains(reasonFragment, NameRules.CheckNewPassword(password), StringComparison.Ordinal);
    }

    [Fact]
    public void PasswordLongerThanTheLimitIsRejected()
    {
        Assert.Contains("64 characters", NameRules.CheckNewPassword(new string('p', ProtocolLimits.MaxPasswordLength + 1)), StringComparison.Ordinal);
    }
}
