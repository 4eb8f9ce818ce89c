using System.Diagnostics;
using System.Text;
using FileShare.Tests.Shared;

namespace FileShare.Protocol.Tests.Interop;

/// <summary>
/// Finds node and tests/interop, and runs tests/interop/msgpack-interop.mjs with lines on stdin.
/// </summary>
public static class NodeInterop
{
    private const string ScriptName = "msgpack-interop.mjs";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Why the interop tests cannot run here, or null when it can.</summary>
    public static string? SkipReason => NodeEnvironment.SkipReason("the MessagePack interop test");

    public static string InteropDirectory => NodeEnvironment.InteropDirectory;

    /// <summary>Runs the script in <paramref name="mode"/> with one input per line; returns one output per line.</summary>
    public static async Task<string[]> RunAsync(string mode, IReadOnlyList<string> inputs, params string[] flags)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var start = new ProcessStartInfo(NodeEnvironment.Node ?? throw new InvalidOperationException("node not found"))
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
}
