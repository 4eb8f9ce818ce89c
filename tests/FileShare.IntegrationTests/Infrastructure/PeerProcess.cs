using System.Diagnostics;
using System.Threading.Channels;

namespace FileShare.IntegrationTests.Infrastructure;

/// <summary>A real <c>fileshare-peer --plain</c> process driven through stdin and stdout.</summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private PeerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The peer program: FILESHARE_TEST_PEER_DLL overrides the one built next to the tests.</summary>
    public static string PeerDll =>
        Environment.GetEnvironmentVariable("FILESHARE_TEST_PEER_DLL") is { Length: > 0 } overridden
            ? overridden
            : Path.Combine(AppContext.BaseDirectory, "fileshare-peer.dll");

    public static PeerProcess Start(int trackerPort, string shareDirectory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(PeerDll);
        info.ArgumentList.Add("127.0.0.1");
        info.ArgumentList.Add(trackerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--dir");
        info.ArgumentList.Add(shareDirectory);
        info.ArgumentList.Add("--plain");
        return new PeerProcess(Process.Start(info)!);
    }

    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The next line printed, or a failure after the timeout.</summary>
    public async Task<string> ReadLineAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await _lines.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Sends a command and reads the given number of output lines.</summary>
    public async Task<IReadOnlyList<string>> RunAsync(string line, int outputLines)
    {
        await SendAsync(line);
        var result = new List<string>();
        for (var i = 0; i < outputLines; i++)
        {
            result.Add(await ReadLineAsync());
        }

        return result;
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
