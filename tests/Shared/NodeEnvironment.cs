using System.Reflection;

namespace FileShare.Tests.Shared;

/// <summary>
/// Where node and tests/interop are, for the test projects that run a Node script (the MessagePack interop test, the
/// protocol conformance client): one file, linked into each of them.
/// </summary>
internal static class NodeEnvironment
{
    private static readonly Lazy<string?> NodePath = new(FindNode);
    private static readonly Lazy<string?> Root = new(FindRepoRoot);

    /// <summary>The node executable on PATH, or null.</summary>
    public static string? Node => NodePath.Value;

    /// <summary>The folder holding FileShare.sln, or null.</summary>
    public static string? RepoRoot => Root.Value;

    /// <summary>tests/interop of the repository.</summary>
    /// <exception cref="InvalidOperationException">The repository was not found.</exception>
    public static string InteropDirectory => Path.Combine(RepoRoot ?? throw new InvalidOperationException("repository root not found"), "tests", "interop");

    /// <summary>Why a Node test (<paramref name="purpose"/>) cannot run here, or null when it can.</summary>
    public static string? SkipReason(string purpose)
    {
        if (Node is null)
        {
            return $"node is not on PATH: {purpose} needs Node.js";
        }

        if (RepoRoot is null)
        {
            return "could not find the folder holding FileShare.sln above the test binaries";
        }

        return File.Exists(Path.Combine(InteropDirectory, "node_modules", "@msgpack", "msgpack", "package.json"))
            ? null
            : "tests/interop/node_modules is missing: run `npm ci` in tests/interop";
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
        var recorded = typeof(NodeEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
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
