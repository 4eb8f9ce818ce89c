using FileShare.Protocol.Security;
using FileShare.Tracker.Accounts;
using FileShare.Tracker.Hosting;
using FileShare.Tracker.Tests.Support;
using Microsoft.Extensions.Logging;

namespace FileShare.Tracker.Tests.Accounts;

public sealed class CredentialStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void MissingFileIsAStartupErrorWithExitCodeTwo()
    {
        var store = CreateStore(out _);

        var error = Assert.Throws<TrackerStartupException>(store.Load);

        Assert.Equal(2, error.ExitCode);
        Assert.Contains(_directory.File("credentials.txt"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedLinesAreLoggedWithLineNumbers()
    {
        File.WriteAllText(_directory.File("credentials.txt"), "hans falcon*solo\nnonsense\n");
        var store = CreateStore(out var logger);

        store.Load();

        Assert.Equal(1, store.Count);
        var warning = Assert.Single(logger.Messages(LogLevel.Warning));
        Assert.Contains("credentials.txt:2", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void ReloadPicksUpChangedContentOnly()
    {
        var path = _directory.File("credentials.txt");
        File.WriteAllText(path, "hans falcon*solo\n");
        var store = CreateStore(out _);
        store.Load();

        Assert.False(store.ReloadIfChanged());
        File.WriteAllText(path, "hans falcon*solo\nmaria wise@!man\n");
        Assert.True(store.ReloadIfChanged());

        Assert.Equal(2, store.Count);
        Assert.True(store.TryGet("maria", out _));
    }

    [Fact]
    public void FileDeletedAfterStartKeepsTheLoadedAccounts()
    {
        var path = _directory.File("credentials.txt");
        File.WriteAllText(path, "hans falcon*solo\n");
        var store = CreateStore(out var logger);
        store.Load();

        File.Delete(path);

        Assert.False(store.ReloadIfChanged());
        Assert.True(store.TryGet("hans", out _));
        Assert.Single(logger.Messages(LogLevel.Warning));
    }

    [Fact]
    public async Task MaintenancePollsTheFileOnTheFakeClock()
    {
        var path = _directory.File("credentials.txt");
        File.WriteAllText(path, "hans falcon*solo\n");
        var options = TestOptions.Create(o =>
        {
            o.CredentialsFile = path;
            o.DataDirectory = _directory.File("data");
            o.CredentialsPollInterval = TimeSpan.FromSeconds(2);
        });
        var time = new FakeTimeProvider();
        var store = new CredentialStore(options, new ListLogger<CredentialStore>());
        store.Load();
        using var harness = new TrackerHarness(new Dictionary<string, string> { ["x"] = "y" });
        using var maintenance = new TrackerMaintenance(harness.Service, store, time, options, new ListLogger<TrackerMaintenance>());
        await maintenance.StartAsync(CancellationToken.None);
        File.WriteAllText(path, "hans falcon*solo\nmaria wise@!man\n");

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(store.TryGet("maria", out _));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(store.TryGet("maria", out ScramCredential? _));

        await maintenance.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void TryAddWritesTheHashedLineAndTheNextPollDoesNotUndoIt()
    {
        var path = _directory.File("credentials.txt");
        const string Original = "# demo\nhans falcon*solo\n";
        File.WriteAllText(path, Original);
        var store = CreateStore(out _);
        store.Load();
        var credential = ScramCredential.Create("s3cret");

        Assert.True(store.TryAdd("newbie", credential));

        Assert.Equal(Original + "newbie " + credential.Format() + "\n", File.ReadAllText(path));
        Assert.True(store.TryGet("newbie", out var loaded));
        Assert.Equal(credential.StoredKey, loaded.StoredKey);
        Assert.False(store.ReloadIfChanged());
        Assert.True(store.TryGet("newbie", out _));
        Assert.Empty(Directory.GetFiles(_directory.Path, "*tmp*"));
    }

    [Fact]
    public void TryAddSeesAnAccountAddedOnDiskBeforeThePoll()
    {
        var path = _directory.File("credentials.txt");
        File.WriteAllText(path, "hans falcon*solo\n");
        var store = CreateStore(out _);
        store.Load();
        File.AppendAllText(path, "newbie by-the-admin\n");

        Assert.False(store.TryAdd("newbie", ScramCredential.Create("s3cret")));

        Assert.Equal("hans falcon*solo\nnewbie by-the-admin\n", File.ReadAllText(path));
        Assert.True(store.Contains("newbie"));
    }

    [Fact]
    public void TryReplaceRewritesOnlyThatUsersLine()
    {
        var path = _directory.File("credentials.txt");
        File.WriteAllText(path, "# keep me\r\nhans falcon*solo\r\nmaria wise@!man\r\n");
        var store = CreateStore(out _);
        store.Load();
        var credential = ScramCredential.Create("n3w");

        Assert.True(store.TryReplace("hans", credential));
        Assert.False(store.TryReplace("ghost", credential));

        Assert.Equal($"# keep me\r\nhans {credential.Format()}\r\nmaria wise@!man\r\n", File.ReadAllText(path));
        Assert.True(store.TryGet("hans", out var loaded));
        Assert.Equal(credential.ServerKey, loaded.ServerKey);
    }

    [Fact]
    public void EditsKeepTheFilePermissions()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = _directory.File("credentials.txt");
        File.WriteAllText(path, "hans falcon*solo\n");
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.SetUnixFileMode(path, Private);
        var store = CreateStore(out _);
        store.Load();

        store.TryAdd("newbie", ScramCredential.Create("s3cret"));

        Assert.Equal(Private, File.GetUnixFileMode(path));
    }

    [Fact]
    public void TryAddOnAMissingFileThrowsAndChangesNothing()
    {
        var path = _directory.File("credentials.txt");
        File.WriteAllText(path, "hans falcon*solo\n");
        var store = CreateStore(out _);
        store.Load();
        File.Delete(path);

        Assert.ThrowsAny<IOException>(() => store.TryAdd("newbie", ScramCredential.Create("s3cret")));

        Assert.False(store.Contains("newbie"));
        Assert.False(File.Exists(path));
    }

    private CredentialStore CreateStore(out ListLogger<CredentialStore> logger)
    {
        logger = new ListLogger<CredentialStore>();
        var options = TestOptions.Create(o => o.CredentialsFile = _directory.File("credentials.txt"));
        return new CredentialStore(options, logger);
    }
}
