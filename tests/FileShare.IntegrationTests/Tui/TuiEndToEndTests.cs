using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using FileShare.IntegrationTests.Infrastructure;

namespace FileShare.IntegrationTests.Tui;

/// <summary>
/// The terminal UI in a real terminal: a tracker, a plain peer publishing a file, and the TUI peer in a detached
/// tmux session of fixed size, driven with send-keys and read with capture-pane.
/// </summary>
[Collection(TerminalCollection.Name)]
public sealed class TuiEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [TmuxFact]
    public async Task LoginListPublishSearchSelectGetResizeAndXitFromTheTui()
    {
        var root = Path.Combine(Path.GetTempPath(), "fileshare-tests", $"tui-{Guid.NewGuid():N}");
        var bobDir = Directory.CreateDirectory(Path.Combine(root, "bob")).FullName;
        var aliceDir = Directory.CreateDirectory(Path.Combine(root, "alice")).FullName;
        var bytes = new byte[3 * 1024 * 1024 + 123];
        new Random(5).NextBytes(bytes);
        await File.WriteAllBytesAsync(Path.Combine(bobDir, "report-2024.bin"), bytes);
        await File.WriteAllBytesAsync(Path.Combine(bobDir, "report-2023.bin"), bytes.AsMemory(0, 1000));
        await File.WriteAllTextAsync(Path.Combine(aliceDir, "notes.txt"), "alice's notes");

        await using var tracker = await TrackerProcess.StartAsync(new TrackerProcessOptions
        {
            Users = new Dictionary<string, string> { ["alice"] = "alicepw", ["bob"] = "bobpw" },
        });
        await using var bob = PeerProcess.Start(tracker.Port, bobDir);
        Assert.Equal("Welcome to FileShare!", (await bob.RunAsync("auth bob bobpw", 2))[0]);
        Assert.Equal(["File published successfully"], await bob.RunAsync("pub report-2024.bin", 1));
        Assert.Equal(["File published successfully"], await bob.RunAsync("pub report-2023.bin", 1));

        using var tmux = new Tmux();
        tmux.Start($"dotnet '{PeerProcess.PeerDll}' 127.0.0.1 {tracker.Port} --dir '{aliceDir}'; echo TUI-EXITED=$?; sleep 120", 80, 24);
        await tmux.WaitForAsync(Wait, "FileShare", "not logged in", "Command");

        tmux.SendText("auth alice alicepw");
        var typing = await tmux.WaitForAsync(Wait, "auth alice *******");
        Assert.DoesNotContain("alicepw", typing, StringComparison.Ordinal);
        tmux.SendKey("Enter");
        var screen = await tmux.WaitForAsync(Wait, "Welcome to FileShare!", "| alice |");
        Assert.DoesNotContain("alicepw", screen, StringComparison.Ordinal);
        Assert.Contains("auth alice ********", screen, StringComparison.Ordinal);

        tmux.SendLine("lap");
        screen = await tmux.WaitForAsync(Wait, "1 active peer:", "Active peers (1)");
        Assert.Contains("bob", screen, StringComparison.Ordinal);

        // A bare pub opens the file picker over the share folder.
        tmux.SendLine("pub");
        await tmux.WaitForAsync(Wait, "Publish a file from the share folder", "notes.txt");
        tmux.SendKey("Enter");
        await tmux.WaitForAsync(Wait, "> pub notes.txt", "File published successfully");

        tmux.SendLine("sch report");
        await tmux.WaitForAsync(Wait, "2 files found:", "Search 'report' (2)");

        // The search results are a list: F2, Down, Enter gets the second name.
        tmux.SendKey("F2");
        await tmux.WaitForAsync(Wait, "Enter downloads it");
        tmux.SendKey("Down");
        tmux.SendKey("Enter");
        screen = await tmux.WaitForAsync(Wait, "> get report-2024.bin", "report-2024.bin downloaded successfully", "100%", "done");
        Assert.Contains("Transfers (0 running, 1 finished)", screen, StringComparison.Ordinal);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(aliceDir, "report-2024.bin"))));

        // Tab completes get from the search results.
        tmux.SendText("get report-2023");
        tmux.SendKey("Tab");
        await tmux.WaitForAsync(Wait, "│get report-2023.bin");
        tmux.SendKey("Enter");
        await tmux.WaitForAsync(Wait, "report-2023.bin downloaded successfully");

        tmux.Resize(160, 48);
        screen = await tmux.WaitForAsync(Wait, "share /", "Transfers (0 running, 2 finished)", "done from bob");
        Assert.Contains("| alice |", screen.Split('\n')[0], StringComparison.Ordinal);
        tmux.Resize(80, 24);
        await tmux.WaitForAsync(Wait, "Search 'report' (2)");

        tmux.SendLine("xit");
        await tmux.WaitForAsync(Wait, "TUI-EXITED=0");
        Assert.True(File.Exists(Path.Combine(aliceDir, ".fileshare", "peer.log")));
        var history = await File.ReadAllTextAsync(Path.Combine(aliceDir, ".fileshare", "history"));
        Assert.Contains("sch report", history, StringComparison.Ordinal);
        Assert.DoesNotContain("alicepw", history, StringComparison.Ordinal);
        TryDelete(root);
    }

    [TmuxFact]
    public async Task AFileServerPortInUseClosesTheTuiAndReportsItAsBefore()
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "fileshare-tests", $"tui-port-{Guid.NewGuid():N}")).FullName;
        var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
        taken.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
            using var tmux = new Tmux();
            tmux.Start($"dotnet '{PeerProcess.PeerDll}' 127.0.0.1 9 --dir '{root}' --port {port}; echo TUI-EXITED=$?; sleep 120", 80, 24);
            await tmux.WaitForAsync(Wait, $"Cannot start the file server on port {port}", "TUI-EXITED=2");
            Assert.Equal("0", tmux.Display("#{alternate_on}"));
        }
        finally
        {
            taken.Stop();
            TryDelete(root);
        }
    }

    [TmuxFact]
    public async Task ClosingTheTerminalEndsTheTuiWithinThreeSeconds()
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "fileshare-tests", $"tui-hup-{Guid.NewGuid():N}")).FullName;
        using var tmux = new Tmux();
        using var process = await StartTuiAsync(tmux, root);

        tmux.KillSession();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(3)), "the TUI was still running 3 s after its terminal closed");
        TryDelete(root);
    }

    [TmuxFact]
    public async Task SigtermQuitsAndRestoresTheTerminal()
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "fileshare-tests", $"tui-term-{Guid.NewGuid():N}")).FullName;
        using var tmux = new Tmux();
        using var process = await StartTuiAsync(tmux, root);
        Assert.Equal("1", tmux.Display("#{alternate_on}"));

        Run("kill", "-TERM", process.Id.ToString(CultureInfo.InvariantCulture));
        await tmux.WaitForAsync(Wait, "TUI-EXITED=");
        var modes = tmux.Display("alt=#{alternate_on} mouse=#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_sgr_flag}");
        Assert.Equal("alt=0 mouse=0000", modes);
        var tty = tmux.Display("#{pane_tty}");
        var settings = Run("stty", "-F", tty, "-a");
        Assert.Contains(" icanon", settings, StringComparison.Ordinal);
        Assert.Contains(" echo ", settings, StringComparison.Ordinal);
        TryDelete(root);
    }

    // Starts the TUI (no tracker needed to draw it) and waits for its first screen; an inner shell execs it so
    // the PID it writes is the TUI's own, and the outer one reports the exit code.
    private static async Task<Process> StartTuiAsync(Tmux tmux, string root)
    {
        var pidFile = Path.Combine(root, "tui.pid");
        tmux.Start($"sh -c 'echo $$ > \"{pidFile}\"; exec dotnet \"{PeerProcess.PeerDll}\" 127.0.0.1 9 --dir \"{root}\"'; echo TUI-EXITED=$?; sleep 120", 80, 24);
        await tmux.WaitForAsync(Wait, "not logged in", "Command");
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture);
        return Process.GetProcessById(pid);
    }

    private static string Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private static void TryDelete(string root)
    {
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
