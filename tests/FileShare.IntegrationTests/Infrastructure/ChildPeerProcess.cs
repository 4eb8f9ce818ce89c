using System.Diagnostics;

namespace FileShare.IntegrationTests.Infrastructure;

/// <summary>What every real <c>fileshare-peer</c> process of the tests shares: how it is started, awaited and ended.</summary>
internal abstract class ChildPeerProcess : IAsyncDisposable
{
    protected ChildPeerProcess(Process process) => Process = process;

    protected Process Process { get; }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await Process.WaitForExitAsync(cts.Token);
        return Process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }

    /// <summary><c>dotnet fileshare-peer.dll 127.0.0.1 PORT --dir SHARE ARGUMENTS...</c>, all three streams redirected.</summary>
    protected static ProcessStartInfo StartInfo(int trackerPort, string shareDirectory, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(PeerProcess.PeerDll);
        info.ArgumentList.Add("127.0.0.1");
        info.ArgumentList.Add(trackerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--dir");
        info.ArgumentList.Add(shareDirectory);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
