using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FileShare.Bench.Infrastructure;

/// <summary>
/// A real <c>fileshare-tracker</c> on an ephemeral port. Its stdout (one log line per request at the default level)
/// is pumped into a log file so the tracker never blocks on a full pipe and the bench never parses the flood.
/// </summary>
internal sealed partial class TrackerProcess : IAsyncDisposable
{
    private const string RuntimeStatsMarker = "Runtime: GC paused ";
    private readonly Process _process;
    private readonly Task _pump;
    private static string? s_latestRuntimeStats;

    private TrackerProcess(Process process, Task pump, int port, TimeSpan startup)
    {
        _process = process;
        _pump = pump;
        Port = port;
        StartupTime = startup;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    /// <summary>
    /// The tracker's latest Debug line of garbage collector figures as (total pause ms, collections, of them gen1 and
    /// gen2, longest ms), or
    /// null when it logs none (the bench enables them with the TrackerMaintenance category at Debug).
    /// </summary>
    public static (double PauseMs, int Collections, int Gen1, int Gen2, double LongestMs)? LatestGcStats()
    {
        var line = Volatile.Read(ref s_latestRuntimeStats);
        if (line is null || RuntimeStatsLine().Match(line) is not { Success: true } match)
        {
            return null;
        }

        return (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture),
            double.Parse(match.Groups[5].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>From process start to the ready line (includes loading the publications).</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>
    /// Starts the tracker in <paramref name="directory"/> with <c>credentials.txt</c> and <c>data/</c> there, and waits
    /// for its ready line. <paramref name="settings"/> become FILESHARE_ environment overrides. With
    /// <paramref name="cpus"/> the tracker runs under <c>taskset -c</c>, so every thread it starts stays on those CPUs.
    /// </summary>
    public static async Task<TrackerProcess> StartAsync(
        string directory, IReadOnlyDictionary<string, string> settings, string? cpus, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(cpus is null ? "dotnet" : "taskset")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        if (cpus is not null)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(cpus);
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fileshare-tracker.dll"));
        foreach (var argument in new[] { "0", "--credentials", "credentials.txt", "--data", "data" })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings)
        {
            info.Environment["FILESHARE_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start fileshare-tracker.");
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pump = Task.Run(() => PumpAsync(process, Path.Combine(directory, "tracker.log"), ready), CancellationToken.None);
        try
        {
            var port = await ready.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return new TrackerProcess(process, pump, port, Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
    }

    private static async Task PumpAsync(Process process, string logPath, TaskCompletionSource<int> ready)
    {
        var errors = process.StandardError.ReadToEndAsync();
        await using var log = new StreamWriter(logPath);
        var output = process.StandardOutput;
        string? line;
        while ((line = await output.ReadLineAsync().ConfigureAwait(false)) is not null)
        {
            await log.WriteLineAsync(line).ConfigureAwait(false);
            if (ReadyLine().Match(line) is { Success: true } match)
            {
                ready.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
                break;
            }
        }

        // From here on only bytes are moved: no per-line work in the bench while the tracker logs every request.
        var buffer = new char[64 * 1024];
        int read;
        while ((read = await output.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            await log.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
            KeepRuntimeStats(buffer.AsSpan(0, read));
        }

        var stderr = await errors.ConfigureAwait(false);
        await log.WriteAsync(stderr).ConfigureAwait(false);
        ready.TrySetException(new InvalidOperationException($"fileshare-tracker exited before it was ready: {stderr.Trim()}"));
    }

    private static void KeepRuntimeStats(ReadOnlySpan<char> chunk)
    {
        var at = chunk.LastIndexOf(RuntimeStatsMarker, StringComparison.Ordinal);
        if (at < 0)
        {
            return;
        }

        var rest = chunk[at..];
        var end = rest.IndexOf('\n');
        if (end > 0)
        {
            Volatile.Write(ref s_latestRuntimeStats, rest[..end].ToString());
        }
    }

    [GeneratedRegex(@"GC paused ([0-9.]+) ms in (\d+) collections since start \((\d+) gen1, (\d+) gen2\), longest seen ([0-9.]+) ms")]
    private static partial Regex RuntimeStatsLine();

    [GeneratedRegex(@"^FileShare tracker listening on .*:(\d+) \(UDP\)")]
    private static partial Regex ReadyLine();
}
