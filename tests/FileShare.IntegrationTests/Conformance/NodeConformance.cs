using System.Diagnostics;
using System.Text;
using FileShare.Tests.Shared;

namespace FileShare.IntegrationTests.Conformance;

/// <summary>Finds node and tests/interop, and runs tests/interop/conformance.mjs with arguments.</summary>
internal static class NodeConformance
{
    private const string ScriptName = "conformance.mjs";

    // The script bounds itself (90 s); this only catches a node that never exits.
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Why the conformance test cannot run here, or null when it can.</summary>
    public static string? SkipReason => NodeEnvironment.SkipReason("the conformance test");

    public static string ProtocolDocument => Path.Combine(Root, "docs", "PROTOCOL.md");

    private static string Root => NodeEnvironment.RepoRoot ?? throw new InvalidOperationException("repository root not found");

    private static string InteropDirectory => NodeEnvironment.InteropDirectory;

    /// <summary>Runs the script; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(NodeEnvironment.Node ?? throw new InvalidOperationException("node not found"))
        {
            WorkingDirectory = InteropDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(InteropDirectory, ScriptName));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        using var timeout = new CancellationTokenSource(RunTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {ScriptName} did not finish within {RunTimeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
