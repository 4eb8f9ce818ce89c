using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FileShare.IntegrationTests.Peer;

/// <summary>A real tracker process for peer tests: temp credentials and data dir, port read from its ready line.</summary>
internal sealed partial class TestTracker : IAsyncDisposable
{
    private readonly string _directory;
    private Process? _process;

    private TestTracker(string directory) => _directory = directory;

    public int Port { get; private set; }

    public static async Task<TestTracker> StartAsync(params string[] credentialLines)
    {
        var directory = TestFiles.NewDirectory("tracker");
        await File.WriteAllLinesAsync(Path.Combine(directory, "credentials.txt"), credentialLines);
        var tracker = new TestTracker(directory);
        await tracker.LaunchAsync(0);
        return tracker;
    }

    /// <summary>Kills the tracker (SIGKILL) and starts it again on the same port and data directory.</summary>
    public async Task RestartAsync()
    {
        Kill();
        await LaunchAsync(Port);
    }

    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    private async Task LaunchAsync(int port)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fileshare-tracker.dll"));
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--credentials");
        info.ArgumentList.Add("credentials.txt");
        info.ArgumentList.Add("--data");
        info.ArgumentList.Add("data");
        var process = Process.Start(info)!;
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && ReadyLine().Match(e.Data) is { Success: true } match)
            {
                ready.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The tracker exited before it was ready."));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Port = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        await Task.CompletedTask;
    }

    [GeneratedRegex(@"^FileShare tracker listening on .*:(\d+) \(UDP\)")]
    private static partial Regex ReadyLine();
}
