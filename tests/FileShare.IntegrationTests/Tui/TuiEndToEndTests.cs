using System.Security.Cryptography;
using FileShare.IntegrationTests.Infrastructure;

namespace FileShare.IntegrationTests.Tui;

/// <summary>
/// The terminal UI in a real terminal: a tracker, a plain peer publishing a file, and the TUI peer in a detached
/// tmux session of fixed size, driven with send-keys and read with capture-pane.
/// </summary>
public sealed class TuiEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [TmuxFact]
    public async Task LoginSearchDownloadAndListPeersFromTheTui()
    {
        var root = Path.Combine(Path.GetTempPath(), "fileshare-tests", $"tui-{Guid.NewGuid():N}");
        var bobDir = Directory.CreateDirectory(Path.Combine(root, "bob")).FullName;
        var aliceDir = Directory.CreateDirectory(Path.Combine(root, "alice")).FullName;
        var source = Path.Combine(bobDir, "report-2024.bin");
        var bytes = new byte[3 * 1024 * 1024 + 123];
        new Random(5).NextBytes(bytes);
        await File.WriteAllBytesAsync(source, bytes);

        await using var tracker = await TrackerProcess.StartAsync(new TrackerProcessOptions
        {
            Users = new Dictionary<string, string> { ["alice"] = "alicepw", ["bob"] = "bobpw" },
        });
        await using var bob = PeerProcess.Start(tracker.Port, bobDir);
        Assert.Equal("Welcome to FileShare!", (await bob.RunAsync("auth bob bobpw", 2))[0]);
        Assert.Equal(["File published successfully"], await bob.RunAsync("pub report-2024.bin", 1));

        using var tmux = new Tmux();
        tmux.Start($"dotnet '{PeerProcess.PeerDll}' 127.0.0.1 {tracker.Port} --dir '{aliceDir}'; echo TUI-EXITED=$?; sleep 120", 100, 30);
        await tmux.WaitForAsync(Wait, "FileShare", "not logged in", "Command");

        tmux.SendLine("auth alice alicepw");
        var screen = await tmux.WaitForAsync(Wait, "Welcome to FileShare!", "| alice |");
        Assert.DoesNotContain("alicepw", screen, StringComparison.Ordinal);
        Assert.Contains("auth alice ********", screen, StringComparison.Ordinal);

        tmux.SendLine("sch report");
        await tmux.WaitForAsync(Wait, "1 file found:", "Search 'report' (1)");

        // Tab completes the name from the search results.
        tmux.SendText("get rep");
        tmux.SendKey("Tab");
        await tmux.WaitForAsync(Wait, "> get report-2024.bin");
        tmux.SendKey("Enter");
        screen = await tmux.WaitForAsync(Wait, "report-2024.bin downloaded successfully", "done", "100%");
        Assert.Contains("Transfers (0 running, 1 finished)", screen, StringComparison.Ordinal);

        tmux.SendLine("lap");
        screen = await tmux.WaitForAsync(Wait, "1 active peer:", "Active peers (1)");
        Assert.Contains("bob", screen, StringComparison.Ordinal);

        var downloaded = Path.Combine(aliceDir, "report-2024.bin");
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await File.ReadAllBytesAsync(downloaded)));

        tmux.SendLine("xit");
        await tmux.WaitForAsync(Wait, "TUI-EXITED=0");
        Assert.True(File.Exists(Path.Combine(aliceDir, ".fileshare", "peer.log")));

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // The tracker may still be writing its data; the temp folder is cleaned by the OS.
        }
    }
}
