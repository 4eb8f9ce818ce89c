using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace FileShare.Protocol.Tests.Interop;

/// <summary>
/// Finds node and tests/interop, and runs tests/interop/msgpack-interop.mjs with lines on stdin.
/// </summary>
public static class NodeInterop
{
    private const string ScriptName = "msgpack-interop.mjs";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<string?> Node = new(FindNode);
    private static readonly Lazy<string?> RepoRoot = new(FindRepoRoot);

    /// <summary>Why the interop tests cannot run here, or null when they can.</summary>
    public static string? SkipReason
    {
        get
        {
            if (Node.Value is null)
            {
                return "node is not on PATH: the MessagePack interop test needs Node.js";
            }

            if (RepoRoot.Value is null)
            {
                return "could not find the folder holding FileShare.sln above the test binaries";
            }

            var package = Path.Combine(InteropDirectory, "node_modules", "@msgpack", "msgpack", "package.json");
            return File.Exists(package)
                ? null
                : "tests/interop/node_modules is missing: run `npm ci` in tests/interop";
        }
    }

    public static string InteropDirectory => Path.Combine(RepoRoot.Value ?? throw new InvalidOperationException("repository root not found"), "tests", "interop");

    /// <summary>Runs the script in <paramref name="mode"/> with one input per line; returns one output per line.</summary>
    public static async Task<string[]> RunAsync(string mode, IReadOnlyList<string> inputs, params string[] flags)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var start = new ProcessStartInfo(Node.Value ?? throw new InvalidOperationException("node not found"))
        {
            WorkingDirectory = InteropDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(InteropDirectory, ScriptName));
        start.ArgumentList.Add(mode);
        foreach (var flag in flags)
        {
            start.ArgumentList.Add(flag);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            foreach (var input in inputs)
            {
                await process.StandardInput.WriteAsync((input + "\n").AsMemory(), timeout.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout;
            var errors = await stderr;
            Assert.True(process.ExitCode == 0, $"node exited with {process.ExitCode}: {errors}");
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == inputs.Count, $"node answered {lines.Length} lines for {inputs.Count} inputs: {errors}");
            return lines;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {ScriptName} {mode} did not finish within {RunTimeout}");
        }
    }

    private static string? FindNode()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var names = OperatingSystem.IsWindows() ? new[] { "node.exe" } : ["node"];
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    private static string? FindRepoRoot()
    {
        // Normally the binaries live under the repository; with --artifacts-path they may not,
        // so fall back to the source folder recorded at build time.
        var recorded = typeof(NodeInterop).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
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
