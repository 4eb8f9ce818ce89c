using FileShare.IntegrationTests.Infrastructure;

namespace FileShare.IntegrationTests.Peer;

/// <summary><c>fileshare-peer --serve</c>: a peer with no terminal that keeps its share served by itself.</summary>
public sealed class UnattendedPeerTests
{
    private static readonly TimeSpan FollowWithin = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task PasswordOnTheCommandLineIsRefusedWithTheReason()
    {
        await using var tracker = await TrackerTestSupport.StartAsync("alice a1");
        await using var peer = ServingPeerProcess.Start(tracker.Port, TestFiles.NewDirectory("alice"), ["--user", "alice", "--password", "a1"]);

        Assert.Equal(2, await peer.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("--password is refused", peer.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShareAllFollowsNewChangedRenamedAndDeletedFiles()
    {
        await using var tracker = await TrackerTestSupport.StartAsync("alice a1", "bob b2");
        var share = TestFiles.NewDirectory("alice");
        await using var alice = ServingPeerProcess.Start(
            tracker.Port, share, ["--user", "alice", "--share-all"], new Dictionary<string, string> { ["FILESHARE_PASSWORD"] = "a1" });
        await alice.WaitForLogAsync(line => line.Contains("Logged in as alice", StringComparison.Ordinal));
        await using var bob = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("bob"));
        await bob.RunAsync("auth bob b2");

        await File.WriteAllTextAsync(Path.Combine(share, "notes.txt"), "first draft");
        await UntilAsync(bob, "sch notes", ["1 file found:", "notes.txt"], alice);
        Assert.Equal("notes.txt downloaded successfully", await bob.RunSingleAsync("get notes.txt"));

        await File.WriteAllTextAsync(Path.Combine(share, "notes.txt"), "second draft, longer");
        File.Delete(bob.PathOf("notes.txt"));
        await UntilDownloadedAsync(bob, "notes.txt", "second draft, longer", alice);

        File.Move(Path.Combine(share, "notes.txt"), Path.Combine(share, "minutes.txt"));
        await UntilAsync(bob, "sch txt", ["1 file found:", "minutes.txt"], alice);

        File.Delete(Path.Combine(share, "minutes.txt"));
        await UntilAsync(bob, "sch txt", ["No files found"], alice);
    }

    [Fact]
    public async Task UnattendedPeerLogsInAgainAfterTheTrackerIsKilledAndRestarted()
    {
        await using var tracker = await TrackerTestSupport.StartAsync("alice a1", "bob b2");
        var share = TestFiles.NewDirectory("alice");
        await File.WriteAllTextAsync(Path.Combine(share, "report.pdf"), "quarterly numbers");
        var passwordFile = Path.Combine(TestFiles.NewDirectory("secrets"), "alice.password");
        await File.WriteAllTextAsync(passwordFile, "a1\n");
        await using var alice = ServingPeerProcess.Start(tracker.Port, share, ["--user", "alice", "--password-file", passwordFile, "--share-all"]);
        await using var bob = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("bob"));
        await bob.RunAsync("auth bob b2");
        await UntilAsync(bob, "sch report", ["1 file found:", "report.pdf"], alice);

        await tracker.KillAsync();
        await tracker.RestartAsync();

        // Nobody touches alice's peer: it finds itself logged out and logs in again, and her file is served again.
        await UntilAsync(bob, "sch report", ["1 file found:", "report.pdf"], alice, TimeSpan.FromSeconds(30));
        Assert.Equal("report.pdf downloaded successfully", await bob.RunSingleAsync("get report.pdf"));
        TestFiles.AssertSameContent(Path.Combine(share, "report.pdf"), bob.PathOf("report.pdf"));
    }

    // Polls what another peer sees until it is the expected answer: the tracker's state is what is being waited for.
    private static async Task UntilAsync(PeerHarness observer, string command, string[] expected, ServingPeerProcess served, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? FollowWithin);
        IReadOnlyList<string> seen = [];
        while (DateTime.UtcNow < deadline)
        {
            seen = await observer.RunAsync(command);
            if (seen.SequenceEqual(expected))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Assert.Fail($"'{command}' gave [{string.Join(", ", seen)}], not [{string.Join(", ", expected)}], within {within ?? FollowWithin}. Serving peer's log:\n{served.Log}");
    }

    private static async Task UntilDownloadedAsync(PeerHarness observer, string name, string content, ServingPeerProcess served)
    {
        var deadline = DateTime.UtcNow + FollowWithin;
        while (DateTime.UtcNow < deadline)
        {
            if (await observer.RunSingleAsync($"get {name}") == $"{name} downloaded successfully"
                && await File.ReadAllTextAsync(observer.PathOf(name)) == content)
            {
                return;
            }

            File.Delete(observer.PathOf(name));
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Assert.Fail($"{name} with the new content was not downloadable within {FollowWithin}. Serving peer's log:\n{served.Log}");
    }
}
