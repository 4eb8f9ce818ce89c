using FileShare.Protocol.Security;
using FileShare.Tracker.Hosting;
using FileShare.Tracker.Persistence;
using FileShare.Tracker.Publications;
using FileShare.Tracker.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileShare.Tracker.Tests.Admin;

public sealed class UserCommandTests : IDisposable
{
    private const string Original = "# Accounts\nhans falcon*solo\n\n# maria below\r\nmaria wise@!man\r\n";
    private static readonly byte[] Hash = Enumerable.Repeat((byte)3, 32).ToArray();
    private readonly TempDirectory _directory = new();

    public UserCommandTests() => File.WriteAllText(Credentials, Original);

    public void Dispose() => _directory.Dispose();

    private string Credentials => _directory.File("credentials.txt");

    private string Data => _directory.File("data");

    [Fact]
    public async Task AddWritesAHashedLineAndKeepsEverythingElse()
    {
        var result = await RunAsync("s3cret\n", "user", "add", "newbie", "--credentials", Credentials, "--password-stdin");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Added user 'newbie'", result.Output, StringComparison.Ordinal);
        var text = File.ReadAllText(Credentials);
        Assert.StartsWith(Original + "newbie scram-sha-256$4096$", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.True(Verify("newbie", "s3cret"));
    }

    [Fact]
    public async Task AddCreatesAMissingCredentialsFile()
    {
        var path = _directory.File("new.txt");

        var result = await RunAsync("pw\n", "user", "add", "first", "--credentials", path, "--password-stdin");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("first scram-sha-256$", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hans", "pw", "already exists")]
    [InlineData("bad name!", "pw", "Invalid user name")]
    [InlineData("newbie", "has space", "Password refused")]
    [InlineData("newbie", "", "Password refused")]
    public async Task AddRefusalsExitWithOneAndChangeNothing(string user, string password, string message)
    {
        var result = await RunAsync(password + "\n", "user", "add", user, "--credentials", Credentials, "--password-stdin");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(Original, File.ReadAllText(Credentials));
    }

    [Fact]
    public async Task AddWithoutAPasswordOnStdinIsAUsageError()
    {
        var result = await RunAsync(string.Empty, "user", "add", "newbie", "--credentials", Credentials, "--password-stdin");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No password on standard input", result.Error, StringComparison.Ordinal);
        Assert.Equal(Original, File.ReadAllText(Credentials));
    }

    [Fact]
    public async Task PasswdReplacesOnlyThatLineWithTheHashedForm()
    {
        var result = await RunAsync("n3w-pass\r\n", "user", "passwd", "maria", "--credentials", Credentials, "--password-stdin");

        Assert.Equal(0, result.ExitCode);
        var text = File.ReadAllText(Credentials);
        Assert.StartsWith("# Accounts\nhans falcon*solo\n\n# maria below\r\nmaria scram-sha-256$", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.True(Verify("maria", "n3w-pass"));
    }

    [Fact]
    public async Task PasswdOfAnUnknownUserExitsWithOne()
    {
        var result = await RunAsync("pw\n", "user", "passwd", "ghost", "--credentials", Credentials, "--password-stdin");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No user 'ghost'", result.Error, StringComparison.Ordinal);
        Assert.Equal(Original, File.ReadAllText(Credentials));
    }

    [Fact]
    public async Task PasswdWithAMissingFileExitsWithTwo()
    {
        var result = await RunAsync("pw\n", "user", "passwd", "hans", "--credentials", _directory.File("missing.txt"), "--password-stdin");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Credentials file not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListShowsUsersInFileOrderAndReportsMalformedLines()
    {
        var hashed = ScramCredential.Create("x");
        File.WriteAllText(Credentials, $"# c\nzoe z\nbroken-line\nanna {hashed.Format()}\n");

        var result = await RunAsync(string.Empty, "user", "list", "--credentials", Credentials);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["zoe (plaintext password; 'user passwd zoe' stores it hashed)", "anna"], Lines(result.Output));
        Assert.Contains("credentials.txt:3: skipped malformed line", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListOfAnEmptyFileSaysSo()
    {
        File.WriteAllText(Credentials, "# nobody yet\n");

        var result = await RunAsync(string.Empty, "user", "list", "--credentials", Credentials);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("No users in", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveDropsTheAccountAndItsPublicationsThroughTheJournal()
    {
        WritePublications(("hans", "a.txt"), ("hans", "b.txt"), ("maria", "a.txt"));

        var result = await RunAsync(string.Empty, "user", "remove", "hans", "--credentials", Credentials, "--data", Data);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("and 2 publications", result.Output, StringComparison.Ordinal);
        Assert.Equal("# Accounts\n\n# maria below\r\nmaria wise@!man\r\n", File.ReadAllText(Credentials));
        var index = ReadPublications();
        Assert.Empty(index.OwnNamesAfter("hans", null));
        Assert.Equal(["a.txt"], index.OwnNamesAfter("maria", null));
    }

    [Fact]
    public async Task RemoveWithoutADataDirectoryOnlyEditsTheFile()
    {
        var result = await RunAsync(string.Empty, "user", "remove", "maria", "--credentials", Credentials, "--data", Data);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("# Accounts\nhans falcon*solo\n\n# maria below\r\n", File.ReadAllText(Credentials));
        Assert.False(Directory.Exists(Data));
    }

    [Fact]
    public async Task RemoveOfAnUnknownUserExitsWithOneAndTouchesNothing()
    {
        WritePublications(("ghost", "a.txt"));

        var result = await RunAsync(string.Empty, "user", "remove", "ghost", "--credentials", Credentials, "--data", Data);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(Original, File.ReadAllText(Credentials));
        Assert.Equal(["a.txt"], ReadPublications().OwnNamesAfter("ghost", null));
    }

    [Fact]
    public async Task RemoveIsRefusedWhileATrackerHoldsTheJournal()
    {
        WritePublications(("hans", "a.txt"));
        var journal = OpenJournal(out _);
        try
        {
            var result = await RunAsync(string.Empty, "user", "remove", "hans", "--credentials", Credentials, "--data", Data);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("stop it", result.Error, StringComparison.Ordinal);
            Assert.Equal(Original, File.ReadAllText(Credentials));
        }
        finally
        {
            journal.Dispose();
        }
    }

    [Theory]
    [InlineData("user")]
    [InlineData("user", "add")]
    [InlineData("user", "frobnicate", "x")]
    [InlineData("user", "list", "--bogus")]
    public async Task UsageErrorsExitWithTwo(params string[] args)
    {
        var result = await RunAsync(string.Empty, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpListsTheSubcommands()
    {
        var result = await RunAsync(string.Empty, "user", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "add", "passwd", "remove", "list" })
        {
            Assert.Contains(command, result.Output, StringComparison.Ordinal);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await TrackerCommandLine.InvokeAsync(args, new StringReader(stdin), output, error);
        return (code, output.ToString(), error.ToString());
    }

    private bool Verify(string user, string password)
    {
        var line = File.ReadAllLines(Credentials).Single(l => l.StartsWith(user + " ", StringComparison.Ordinal));
        Assert.True(ScramCredential.TryParse(line[(user.Length + 1)..], out var credential, out _));
        return ScramCredential.FromPassword(password, credential!.Salt, credential.Iterations).StoredKey.AsSpan().SequenceEqual(credential.StoredKey);
    }

    private PublicationJournal OpenJournal(out PublicationIndex index)
    {
        var journal = new PublicationJournal(TestOptions.Create(o => o.DataDirectory = Data), NullLogger<PublicationJournal>.Instance);
        index = new PublicationIndex();
        journal.Open(index);
        return journal;
    }

    private void WritePublications(params (string Owner, string Name)[] publications)
    {
        using var journal = OpenJournal(out var index);
        foreach (var (owner, name) in publications)
        {
            var publication = new Publication(owner, name, 1, Hash);
            journal.AppendPublish(publication);
            index.Publish(publication);
        }
    }

    private PublicationIndex ReadPublications()
    {
        using var journal = OpenJournal(out var index);
        return index;
    }
}
