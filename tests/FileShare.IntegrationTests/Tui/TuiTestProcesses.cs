using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace FileShare.IntegrationTests.Tui;

/// <summary>The tracker and the plain publishing peer the TUI test talks to, as real processes.</summary>
internal sealed partial class TuiTestProcesses : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly Channel<string> _peerLines = Channel.CreateUnbounded<string>();
    private Process? _peer;

    public int TrackerPort { get; private set; }

    /// <summary>The peer executable the TUI runs from: FILESHARE_TUI_PEER_DLL overrides the built one.</summary>
    public static string PeerDll =>
        Environment.GetEnvironmentVariable("FILESHARE_TUI_PEER_DLL") is { Length: > 0 } overridden
            ? overridden
            : Path.Combine(AppContext.BaseDirectory, "fileshare-peer.dll");

    public async Task StartTrackerAsync(string directory, params string[] accounts)
    {
        await File.WriteAllLinesAsync(Path.Combine(directory, "credentials.txt"), accounts);
        var info = Dotnet(Path.Combine(AppContext.BaseDirectory, "fileshare-tracker.dll"), "0", "--credentials", "credentials.txt", "--data", "data");
        info.WorkingDirectory = directory;
        var process = Start(info);
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && ReadyLine().Match(e.Data) is { Success: true } match)
            {
                ready.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The tracker exited before it was ready."));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        TrackerPort = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void StartPlainPeer(string shareDirectory)
    {
        var info = Dotnet(PeerDll, "127.0.0.1", TrackerPort.ToString(CultureInfo.InvariantCulture), "--dir", shareDirectory, "--plain");
        info.RedirectStandardInput = true;
        _peer = Start(info);
        _peer.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _peerLines.Writer.TryWrite(e.Data);
            }
        };
        _peer.ErrorDataReceived += (_, _) => { };
        _peer.BeginOutputReadLine();
        _peer.BeginErrorReadLine();
    }

    /// <summary>Sends a line to the plain peer and returns its next <paramref name="lines"/> output lines.</summary>
    public async Task<IReadOnlyList<string>> PlainPeerRunAsync(string line, int lines)
    {
        await _peer!.StandardInput.WriteLineAsync(line);
        await _peer.StandardInput.FlushAsync();
        var result = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var i = 0; i < lines; i++)
        {
            result.Add(await _peerLines.Reader.ReadAsync(timeout.Token));
        }

        return result;
    }

    private static ProcessStartInfo Dotnet(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private Process Start(ProcessStartInfo info)
    {
        var process = Process.Start(info)!;
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    [GeneratedRegex(@"^FileShare tracker listening on .*:(\d+) \(UDP\)")]
    private static partial Regex ReadyLine();
}
