using System.Diagnostics;
using System.Threading.Channels;

namespace FileShare.IntegrationTests.Infrastructure;

/// <summary>A real <c>fileshare-peer --plain</c> process driven through stdin and stdout.</summary>
internal sealed class PeerProcess : ChildPeerProcess
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private PeerProcess(Process process)
        : base(process)
    {
        process.OutputDataReceived += (_, e) =>
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
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The peer program: FILESHARE_TEST_PEER_DLL overrides the one built next to the tests.</summary>
    public static string PeerDll =>
        Environment.GetEnvironmentVariable("FILESHARE_TEST_PEER_DLL") is { Length: > 0 } overridden
            ? overridden
            : Path.Combine(AppContext.BaseDirectory, "fileshare-peer.dll");

    public static PeerProcess Start(int trackerPort, string shareDirectory) =>
        new(Process.Start(StartInfo(trackerPort, shareDirectory, ["--plain"]))!);

    public async Task SendAsync(string line)
    {
        await Process.StandardInput.WriteLineAsync(line);
        await Process.StandardInput.FlushAsync();
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

    public void Kill() => Process.Kill(entireProcessTree: true);
}
