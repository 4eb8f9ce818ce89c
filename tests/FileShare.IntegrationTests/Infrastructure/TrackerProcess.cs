using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace FileShare.IntegrationTests.Infrastructure;

/// <summary>
/// The real <c>fileshare-tracker</c> in its own process (<c>dotnet fileshare-tracker.dll</c>), in a temp working
/// directory with its own credentials.txt and data directory. It asks for port 0 and reads the real port from the
/// ready line. Every stdout and stderr line is kept and can be awaited. <see cref="KillAsync"/> is a real
/// SIGKILL; <see cref="StopAsync"/> a SIGTERM; <see cref="RestartAsync"/> starts again on the same directory.
/// </summary>
internal sealed partial class TrackerProcess : IAsyncDisposable
{
    /// <summary>Name of the credentials file in <see cref="WorkingDirectory"/>.</summary>
    public const string CredentialsFileName = "credentials.txt";

    /// <summary>Name of the data directory in <see cref="WorkingDirectory"/>.</summary>
    public const string DataDirectoryName = "tracker-data";

    private readonly Lock _lock = new();
    private readonly List<string> _output = [];
    private readonly List<string> _errors = [];
    private readonly List<(Func<string, bool> Predicate, bool Stderr, TaskCompletionSource<string> Waiter)> _waiters = [];
    private readonly TrackerProcessOptions _options;
    private readonly bool _ownsDirectory;
    private Process _process = null!;
    private TaskCompletionSource<int> _ready = null!;

    private TrackerProcess(TrackerProcessOptions options, string workingDirectory, bool ownsDirectory)
    {
        _options = options;
        WorkingDirectory = workingDirectory;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>The tracker's working directory (holds credentials.txt and tracker-data/).</summary>
    public string WorkingDirectory { get; }

    public string CredentialsPath => Path.Combine(WorkingDirectory, CredentialsFileName);

    public string DataDirectory => Path.Combine(WorkingDirectory, DataDirectoryName);

    /// <summary>The bound UDP port, from the ready line (0 before it was seen).</summary>
    public int Port { get; private set; }

    /// <summary>The number of users the ready line reported.</summary>
    public int UsersLoaded { get; private set; }

    /// <summary>127.0.0.1:<see cref="Port"/>.</summary>
    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Stdout lines so far.</summary>
    public IReadOnlyList<string> OutputLines
    {
        get
        {
            lock (_lock)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>Stderr lines so far.</summary>
    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            lock (_lock)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Starts a tracker and waits for its ready line.</summary>
    /// <exception cref="InvalidOperationException">The tracker exited or did not get ready in time (the message holds its output).</exception>
    public static async Task<TrackerProcess> StartAsync(TrackerProcessOptions? options = null, CancellationToken cancellationToken = default)
    {
        var tracker = Launch(options);
        try
        {
            await tracker.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            return tracker;
        }
        catch
        {
            await tracker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts a tracker without waiting for it to get ready (for tests of failing starts).</summary>
    public static TrackerProcess Launch(TrackerProcessOptions? options = null)
    {
        options ??= new TrackerProcessOptions();
        var owns = options.WorkingDirectory is null;
        var directory = options.WorkingDirectory
            ?? Path.Combine(Path.GetTempPath(), "fs-tracker-it-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var tracker = new TrackerProcess(options, directory, owns);
        if (options.WriteCredentialsFile && (owns || options.CredentialsText is not null || options.Users.Count > 0))
        {
            var text = options.CredentialsText ?? string.Concat(options.Users.Select(u => $"{u.Key} {u.Value}\n"));
            File.WriteAllText(tracker.CredentialsPath, text);
        }

        tracker.StartProcess(options.Port);
        return tracker;
    }

    /// <summary>Waits for the ready line and returns the port.</summary>
    public async Task<int> WaitUntilReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _ready.Task.WaitAsync(_options.ReadyTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"The tracker did not print its ready line within {_options.ReadyTimeout}.{Describe()}");
        }
    }

    /// <summary>Waits for a stdout line matching <paramref name="predicate"/> (lines already printed count) and returns it.</summary>
    public Task<string> WaitForOutputAsync(Func<string, bool> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForLineAsync(predicate, stderr: false, timeout, cancellationToken);

    /// <summary>Waits for a stderr line matching <paramref name="predicate"/> (lines already printed count) and returns it.</summary>
    public Task<string> WaitForErrorAsync(Func<string, bool> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForLineAsync(predicate, stderr: true, timeout, cancellationToken);

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The tracker did not exit within {timeout ?? TimeSpan.FromSeconds(30)}.{Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the tracker and its children at once (SIGKILL: no chance to flush anything).</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the tracker to stop as Ctrl+C/SIGTERM would, and returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            if (OperatingSystem.IsWindows())
            {
                _process.Kill(entireProcessTree: true);
            }
            else
            {
                using var signal = Process.Start(new ProcessStartInfo("kill")
                {
                    ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) },
                    UseShellExecute = false,
                })!;
                await signal.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return await WaitForExitAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the tracker again in the same directory (same credentials and data) after it was killed or stopped,
    /// on the same port unless <paramref name="samePort"/> is false, and waits for the ready line.
    /// </summary>
    public async Task RestartAsync(bool samePort = true, CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            await KillAsync(cancellationToken).ConfigureAwait(false);
        }

        _process.Dispose();
        StartProcess(samePort ? Port : 0);
        await WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                await KillAsync().ConfigureAwait(false);
            }

            _process.Dispose();
        }

        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(WorkingDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }

    private void StartProcess(int port)
    {
        var tracker = Path.Combine(AppContext.BaseDirectory, "fileshare-tracker.dll");
        if (!File.Exists(tracker))
        {
            throw new InvalidOperationException($"{tracker} not found; the test project must reference FileShare.Tracker.");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(tracker);
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--credentials");
        info.ArgumentList.Add(CredentialsPath);
        info.ArgumentList.Add("--data");
        info.ArgumentList.Add(DataDirectory);
        foreach (var argument in _options.ExtraArguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Hermetic: settings from the test process's environment must not leak in.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("FILESHARE_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in _options.Environment)
        {
            info.Environment[key] = value;
        }

        lock (_lock)
        {
            _output.Clear();
            _errors.Clear();
        }

        Port = 0;
        _ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, stderr: false);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, stderr: true);
        process.Exited += (_, _) => _ready.TrySetException(
            new InvalidOperationException($"The tracker exited before it was ready.{Describe()}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private void OnLine(string? line, bool stderr)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<string>> matched = [];
        lock (_lock)
        {
            (stderr ? _errors : _output).Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Stderr == stderr && _waiters[i].Predicate(line))
                {
                    matched.Add(_waiters[i].Waiter);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in matched)
        {
            waiter.TrySetResult(line);
        }

        if (!stderr && ReadyLine().Match(line) is { Success: true } ready)
        {
            Port = int.Parse(ready.Groups["port"].Value, CultureInfo.InvariantCulture);
            UsersLoaded = int.Parse(ready.Groups["users"].Value, CultureInfo.InvariantCulture);
            _ready.TrySetResult(Port);
        }
    }

    private async Task<string> WaitForLineAsync(Func<string, bool> predicate, bool stderr, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var existing = (stderr ? _errors : _output).FirstOrDefault(predicate);
            if (existing is not null)
            {
                return existing;
            }

            _waiters.Add((predicate, stderr, waiter));
        }

        try
        {
            return await waiter.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                _waiters.RemoveAll(w => w.Waiter == waiter);
            }

            throw new TimeoutException($"No matching {(stderr ? "stderr" : "stdout")} line within {timeout ?? TimeSpan.FromSeconds(15)}.{Describe()}");
        }
    }

    private string Describe()
    {
        lock (_lock)
        {
            return $"\n--- stdout ---\n{string.Join('\n', _output)}\n--- stderr ---\n{string.Join('\n', _errors)}";
        }
    }

    [GeneratedRegex(@"^FileShare tracker listening on 0\.0\.0\.0:(?<port>\d+) \(UDP\), (?<users>\d+) users loaded$")]
    private static partial Regex ReadyLine();
}
