using System.Text.Json;
using FileShare.IntegrationTests.Infrastructure;
using FileShare.IntegrationTests.Peer;
using FileShare.Protocol.Messages;

namespace FileShare.IntegrationTests.Accounts;

/// <summary>A rename acknowledged by the tracker survives kill -9, and a peer that crashed between the halves repairs itself.</summary>
public sealed class RenameDurabilityTests
{
    private static readonly byte[] Hash = Enumerable.Repeat((byte)7, 32).ToArray();

    [Fact]
    public async Task KillDashNineRightAfterAnAcknowledgedRenameKeepsIt()
    {
        await using var tracker = await AccountTracker.StartAsync(allowRegistration: false);
        await using (var client = new UdpTestClient(tracker.EndPoint))
        {
            await client.LoginAsync("hans", "falcon*solo");
            await client.RequestAsync<OkReply>(new PublishRequest("before.txt", 3, Hash));
            await client.RequestAsync<OkReply>(new RenameRequest("before.txt", "after.txt"));
        }

        await tracker.KillAsync();
        await tracker.RestartAsync();

        await using var again = new UdpTestClient(tracker.EndPoint);
        await again.LoginAsync("hans", "falcon*solo");
        Assert.Equal(["after.txt"], (await again.RequestAsync<NameListReply>(new ListMyFilesRequest(null))).Names);
    }

    [Fact]
    public async Task APeerThatCrashedBetweenTheHalvesFinishesTheRenameAtLogin()
    {
        await using var tracker = await AccountTracker.StartAsync(allowRegistration: false);
        var share = TestFiles.NewDirectory("hans");
        await File.WriteAllTextAsync(Path.Combine(share, "a.txt"), "content of a");
        await using (var first = await PeerHarness.StartAsync(tracker.Port, share))
        {
            await first.RunAsync("auth hans falcon*solo");
            Assert.Equal("File published successfully", await first.RunSingleAsync("pub a.txt"));
            await first.RunAsync("xit");
        }

        // The peer wrote its intent and the tracker did its half; then the peer died before moving the file.
        var state = Path.Combine(share, ".fileshare");
        Directory.CreateDirectory(state);
        await File.WriteAllTextAsync(
            Path.Combine(state, "rename-intent.json"), JsonSerializer.Serialize(new { OldName = "a.txt", NewName = "b.txt" }));
        await using (var client = new UdpTestClient(tracker.EndPoint))
        {
            await client.LoginAsync("hans", "falcon*solo");
            await client.RequestAsync<OkReply>(new RenameRequest("a.txt", "b.txt"));
            await client.RequestAsync<OkReply>(new LeaveRequest());
        }

        await tracker.KillAsync();
        await tracker.RestartAsync();

        await using var restarted = await PeerHarness.StartAsync(tracker.Port, share);
        Assert.Equal("Welcome to FileShare!", (await restarted.RunAsync("auth hans falcon*solo"))[0]);
        Assert.False(File.Exists(Path.Combine(share, "a.txt")));
        Assert.Equal("content of a", await File.ReadAllTextAsync(Path.Combine(share, "b.txt")));
        Assert.False(File.Exists(Path.Combine(state, "rename-intent.json")));
        Assert.Equal(["1 file published:", "b.txt"], await restarted.RunAsync("lpf"));
    }
}
