using System.Globalization;

namespace FileShare.Bench.Infrastructure;

/// <summary>A real <c>fileshare-peer --plain</c> process, driven one command at a time through stdin and stdout.</summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private static readonly TimeSpan LoginTimeout = TimeSpan.FromSeconds(60);
    private readonly ChildProcess _process;

    private PeerProcess(ChildProcess process) => _process = process;

    public int Pid => _process.Pid;

    /// <summary>Starts a peer on <paramref name="shareDirectory"/> and logs in.</summary>
    public static async Task<PeerProcess> StartAsync(
        int trackerPort, string shareDirectory, string user, string password, CancellationToken cancellationToken)
    {
        var process = ChildProcess.Start(
            "fileshare-peer.dll",
            ["127.0.0.1", trackerPort.ToString(CultureInfo.InvariantCulture), "--dir", shareDirectory, "--plain"],
            shareDirectory);
        var peer = new PeerProcess(process);
        try
        {
            await peer.RunAsync($"auth {user} {password}", "Welcome to FileShare!", LoginTimeout, cancellationToken).ConfigureAwait(false);
            await process.ReadLineAsync(LoginTimeout, cancellationToken).ConfigureAwait(false); // the command list
            return peer;
        }
        catch
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends <paramref name="command"/> and fails unless the first line printed is <paramref name="expected"/>.</summary>
    public async Task RunAsync(string command, string expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _process.SendAsync(command, cancellationToken).ConfigureAwait(false);
        var line = await _process.ReadLineAsync(timeout, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(line, expected, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{command}' printed '{line}', expected '{expected}'.");
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
