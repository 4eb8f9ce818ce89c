using System.Diagnostics;
using System.Threading.Channels;

namespace FileShare.IntegrationTests.Infrastructure;

/// <summary>A real <c>fileshare-peer --serve</c> process: no stdin, its log lines (stderr) read as they come.</summary>
internal sealed class ServingPeerProcess : ChildPeerProcess
{
    private readonly Channel<string> _log = Channel.CreateUnbounded<string>();
    private readonly List<string> _all = [];

    private ServingPeerProcess(Process process)
        : base(process)
    {
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _log.Writer.TryComplete();
                return;
            }

            lock (_all)
            {
                _all.Add(e.Data);
            }

            _log.Writer.TryWrite(e.Data);
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything logged so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_all)
            {
                return string.Join('\n', _all);
            }
        }
    }

    /// <summary>Starts <c>fileshare-peer 127.0.0.1 PORT --dir SHARE --serve</c> with the other arguments and environment.</summary>
    public static ServingPeerProcess Start(int trackerPort, string shareDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = StartInfo(trackerPort, shareDirectory, ["--serve", .. arguments]);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new ServingPeerProcess(Process.Start(info)!);
    }

    /// <summary>Waits for a log line that satisfies <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForLogAsync(Func<string, bool> predicate, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var line = await _log.Reader.ReadAsync(cts.Token);
                if (predicate(line))
                {
                    return line;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"The serving peer did not log the expected line. Its log:\n{Log}", ex);
        }
    }
}
