using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace FileShare.IntegrationTests.Conformance;

/// <summary>Finds node and tests/interop, and runs tests/interop/conformance.mjs with arguments.</summary>
internal static class NodeConformance
{
    private const string ScriptName = "conformance.mjs";

    // The script bounds itself (90 s); this only catches a node that never exits.
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<string?> Node = new(FindNode);
    private static readonly Lazy<string?> RepoRoot = new(FindRepoRoot);

    /// <summary>Why the conformance test cannot run here, or null when it can.</summary>
    public static string? SkipReason
    {
        get
        {
            if (Node.Value is null)
            {
                return "node is not on PATH: the conformance test needs Node.js";
            }

            if (RepoRoot.Value is null)
            {
                return "could not find the folder holding FileShare.sln above the test binaries";
            }

            return File.Exists(Path.Combine(InteropDirectory, "node_modules", "@msgpack", "msgpack", "package.json"))
                ? null
                : "tests/interop/node_modules is missing: run `npm ci` in tests/interop";
        }
    }

    public static string ProtocolDocument => Path.Combine(Root, "docs", "PROTOCOL.md");

    private static string Root => RepoRoot.Value ?? throw new InvalidOperationException("repository root not found");

    private static string InteropDirectory => Path.Combine(Root, "tests", "interop");

    /// <summary>Runs the script; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Node.Value ?? throw new InvalidOperationException("node not found"))
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

    private static string? FindNode()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var name = OperatingSystem.IsWindows() ? "node.exe" : "node";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    private static string? FindRepoRoot()
    {
        // The binaries normally live under the repository; with --artifacts-path they may not, so the source
        // folder recorded at build time is tried too.
        var recorded = typeof(NodeConformance).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "FileShareSourceRoot")?.Value;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), recorded })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FileShare.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
