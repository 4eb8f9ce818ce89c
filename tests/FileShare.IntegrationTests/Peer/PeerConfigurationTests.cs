using System.Diagnostics;
using FileShare.IntegrationTests.Infrastructure;

namespace FileShare.IntegrationTests.Peer;

/// <summary>
/// The peer's "Peer" settings come from configuration (here the environment) and are checked at start, before
/// discovery uses DiscoveryTimeout. (Discovery itself is not run here: a tracker elsewhere on the LAN may answer.)
/// </summary>
public sealed class PeerConfigurationTests
{
    [Fact]
    public async Task DiscoveryTimeoutIsReadFromConfigurationAndChecked()
    {
        var (exitCode, error) = await RunPeerAsync("FILESHARE_Peer__DiscoveryTimeout", "00:00:00");
        Assert.Equal(2, exitCode);
        Assert.Contains("Peer:DiscoveryTimeout must be positive", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidSettingStopsThePeerAtStartWithItsKey()
    {
        var (exitCode, error) = await RunPeerAsync("FILESHARE_Peer__RequestAttempts", "0");
        Assert.Equal(2, exitCode);
        Assert.Contains("Peer:RequestAttempts must be positive", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Error)> RunPeerAsync(string name, string value)
    {
        var share = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "fileshare-tests", $"config-{Guid.NewGuid():N}")).FullName;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = share,
        };
        info.ArgumentList.Add(PeerProcess.PeerDll);
        info.ArgumentList.Add("--dir");
        info.ArgumentList.Add(share);
        info.ArgumentList.Add("--plain");
        info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        await output;
        try
        {
            Directory.Delete(share, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }

        return (process.ExitCode, await error);
    }
}
