using FileShare.IntegrationTests.Infrastructure;
using FileShare.IntegrationTests.Peer;

namespace FileShare.IntegrationTests.Accounts;

/// <summary>reg, passwd, ren and rm through real peers (PeerHarness) against a real tracker process.</summary>
public sealed class AccountCommandTests
{
    private const string Welcome = "Welcome to FileShare!";

    [Fact]
    public async Task RegistrationIsDisabledByDefault()
    {
        await using var tracker = await AccountTracker.StartAsync(allowRegistration: false);
        await using var peer = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("newbie"));

        Assert.Equal("Registration is disabled on this tracker", await peer.RunSingleAsync("reg newbie s3cret"));
        Assert.Equal(AccountTracker.Credentials, await File.ReadAllTextAsync(tracker.CredentialsPath));
    }

    [Fact]
    public async Task RegistrationEnabledByTheEnvironmentCreatesAHashedAccountAndLogsIn()
    {
        await using var tracker = await AccountTracker.StartAsync();
        await using var newbie = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("newbie"));

        var lines = await newbie.RunAsync("reg newbie s3cret");

        Assert.Equal("Account created", lines[0]);
        Assert.Equal(Welcome, lines[1]);
        Assert.StartsWith("Available commands are:", lines[2], StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(tracker.CredentialsPath);
        Assert.StartsWith(AccountTracker.Credentials + "newbie scram-sha-256$4096$", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.Equal(1, text.Split('\n').Count(l => l.StartsWith("newbie ", StringComparison.Ordinal)));
        await tracker.WaitForOutputAsync(l => l.Contains("Account newbie registered", StringComparison.Ordinal));

        Assert.Equal("Goodbye!", await newbie.RunSingleAsync("xit"));
        await using var again = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("newbie-again"));
        Assert.Equal(Welcome, (await again.RunAsync("auth newbie s3cret"))[0]);
    }

    [Fact]
    public async Task RegistrationEnabledByTheConfigFileWorksToo()
    {
        var directory = TestFiles.NewDirectory("tracker-config");
        var config = Path.Combine(directory, "tracker.json");
        await File.WriteAllTextAsync(config, """{ "Tracker": { "AllowRegistration": true } }""");
        await using var tracker = await TrackerProcess.StartAsync(new TrackerProcessOptions
        {
            CredentialsText = AccountTracker.Credentials,
            ExtraArguments = ["--config", config],
        });
        await using var peer = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("viaconfig"));

        Assert.Equal("Account created", (await peer.RunAsync("reg via.config-1 pw"))[0]);
    }

    [Fact]
    public async Task RegistrationRefusalsPrintTheirReason()
    {
        await using var tracker = await AccountTracker.StartAsync();
        await using var peer = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("refused"));

        Assert.Equal("Username already taken", await peer.RunSingleAsync("reg hans other-pass"));
        Assert.Equal("User name may only use letters, digits, '.', '_' and '-'", await peer.RunSingleAsync("reg bad/name pw"));
        Assert.Equal("Password may only use printable ASCII characters without spaces", await peer.RunSingleAsync("reg newbie pässword"));
        Assert.Equal(AccountTracker.Credentials, await File.ReadAllTextAsync(tracker.CredentialsPath));
        Assert.Equal(Welcome, (await peer.RunAsync("auth hans falcon*solo"))[0]);
    }

    [Fact]
    public async Task PasswdChangesThePasswordAndKeepsEveryOtherLine()
    {
        await using var tracker = await AccountTracker.StartAsync(allowRegistration: false);
        await using (var hans = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("hans")))
        {
            await hans.RunAsync("auth hans falcon*solo");

            Assert.Equal("Password change failed", await hans.RunSingleAsync("passwd wrong-old n3w-pass"));
            Assert.Equal(AccountTracker.Credentials, await File.ReadAllTextAsync(tracker.CredentialsPath));
            Assert.Equal("Password changed", await hans.RunSingleAsync("passwd falcon*solo n3w-pass"));
            Assert.Equal("No files published", await hans.RunSingleAsync("lpf")); // the session goes on
            Assert.Equal("Goodbye!", await hans.RunSingleAsync("xit"));
        }

        var text = await File.ReadAllTextAsync(tracker.CredentialsPath);
        var hansLine = text.Split('\n')[1];
        Assert.StartsWith("hans scram-sha-256$", hansLine, StringComparison.Ordinal);
        Assert.Equal(AccountTracker.Credentials.Replace("hans falcon*solo", hansLine, StringComparison.Ordinal), text);

        await using var later = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("hans-later"));
        Assert.Equal("Authentication failed. Please try again.", await later.RunSingleAsync("auth hans falcon*solo"));
        Assert.Equal(Welcome, (await later.RunAsync("auth hans n3w-pass"))[0]);
    }

    [Fact]
    public async Task RenMovesTheFileAndThePublicationOrSaysWhyNot()
    {
        await using var tracker = await AccountTracker.StartAsync(allowRegistration: false);
        await using var hans = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("hans"));
        await using var maria = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("maria"));
        await File.WriteAllTextAsync(hans.PathOf("draft.txt"), "first draft");
        await File.WriteAllTextAsync(hans.PathOf("other.txt"), "other");
        await File.WriteAllTextAsync(hans.PathOf("local-only.txt"), "not published");
        await File.WriteAllTextAsync(hans.PathOf("taken.txt"), "exists locally");
        await hans.RunAsync("auth hans falcon*solo");
        await maria.RunAsync("auth maria wise@!man");
        await hans.RunAsync("pub draft.txt");
        await hans.RunAsync("pub other.txt");

        Assert.Equal("File renamed successfully", await hans.RunSingleAsync("ren draft.txt final.txt"));
        Assert.False(File.Exists(hans.PathOf("draft.txt")));
        Assert.Equal("first draft", await File.ReadAllTextAsync(hans.PathOf("final.txt")));
        Assert.Equal(["2 files published:", "final.txt", "other.txt"], await hans.RunAsync("lpf"));
        Assert.Equal("final.txt downloaded successfully", await maria.RunSingleAsync("get final.txt"));
        Assert.Equal("File not found", await maria.RunSingleAsync("get draft.txt"));

        Assert.Equal("File is not published: local-only.txt", await hans.RunSingleAsync("ren local-only.txt x.txt"));
        Assert.Equal("A file named taken.txt already exists in the share folder", await hans.RunSingleAsync("ren other.txt taken.txt"));
        Assert.StartsWith("Invalid file name:", await hans.RunSingleAsync("ren other.txt ../escape.txt"), StringComparison.Ordinal);
        Assert.Equal(["2 files published:", "final.txt", "other.txt"], await hans.RunAsync("lpf"));
        Assert.True(File.Exists(hans.PathOf("other.txt")));
    }

    [Fact]
    public async Task RenOntoANameAlreadyPublishedIsRefusedByTheTrackerAndTheFileStays()
    {
        await using var tracker = await AccountTracker.StartAsync(allowRegistration: false);
        await using var hans = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("hans"));
        await File.WriteAllTextAsync(hans.PathOf("a.txt"), "a");
        await File.WriteAllTextAsync(hans.PathOf("b.txt"), "b");
        await hans.RunAsync("auth hans falcon*solo");
        await hans.RunAsync("pub a.txt");
        await hans.RunAsync("pub b.txt");
        File.Delete(hans.PathOf("b.txt")); // still published, gone locally: only the tracker can refuse

        Assert.Equal("b.txt is already published", await hans.RunSingleAsync("ren a.txt b.txt"));
        Assert.Equal("a", await File.ReadAllTextAsync(hans.PathOf("a.txt")));
        Assert.Equal(["2 files published:", "a.txt", "b.txt"], await hans.RunAsync("lpf"));
    }

    [Fact]
    public async Task RmUnpublishesAndDeletesOrSaysWhyNot()
    {
        await using var tracker = await AccountTracker.StartAsync(allowRegistration: false);
        await using var hans = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("hans"));
        await File.WriteAllTextAsync(hans.PathOf("old.txt"), "old");
        await hans.RunAsync("auth hans falcon*solo");
        await hans.RunAsync("pub old.txt");

        Assert.StartsWith("This deletes old.txt", await hans.RunSingleAsync("rm old.txt"), StringComparison.Ordinal);
        Assert.True(File.Exists(hans.PathOf("old.txt")));
        Assert.Equal("File removed", await hans.RunSingleAsync("rm -y old.txt"));
        Assert.False(File.Exists(hans.PathOf("old.txt")));
        Assert.Equal("No files published", await hans.RunSingleAsync("lpf"));
        Assert.Equal("File not found: old.txt", await hans.RunSingleAsync("rm -y old.txt"));
    }
}
