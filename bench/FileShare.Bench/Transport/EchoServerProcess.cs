using System.Globalization;
using FileShare.Bench.Infrastructure;

namespace FileShare.Bench.Transport;

/// <summary>An echo server child process (the bench's own hidden <c>transport-server-*</c> command) and its stats.</summary>
internal sealed class EchoServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The tracker's runtime settings (Server GC, no tier-0 code), so both servers run as it would.</summary>
    private static readonly Dictionary<string, string> RuntimeSettings = new()
    {
        ["DOTNET_gcServer"] = "1",
        ["DOTNET_TC_QuickJit"] = "0",
    };

    private readonly ChildProcess _process;

    private EchoServerProcess(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Pid => _process.Pid;

    public int Port { get; }

    public static async Task<EchoServerProcess> StartAsync(TransportKind kind, TransportSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        List<string> arguments = kind == TransportKind.LiteNetLib
            ? ["transport-server-lnl", "--update-ms", settings.LnlUpdateMilliseconds.ToString(CultureInfo.InvariantCulture)]
            : ["transport-server-udp"];
        arguments.AddRange(["--sessions", settings.Sessions.ToString(CultureInfo.InvariantCulture)]);
        if (kind == TransportKind.LiteNetLib && settings.LnlTriggerUpdate)
        {
            arguments.Add("--trigger-update");
        }

        var process = ChildProcess.Start("FileShare.Bench.dll", arguments, AppContext.BaseDirectory, RuntimeSettings);
        try
        {
            while (true)
            {
                var line = await process.ReadLineAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
                if (line.StartsWith(EchoServerHost.ReadyPrefix, StringComparison.Ordinal))
                {
                    return new EchoServerProcess(process, int.Parse(line[EchoServerHost.ReadyPrefix.Length..], CultureInfo.InvariantCulture));
                }
            }
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<ServerStats> StatsAsync(CancellationToken cancellationToken)
    {
        await _process.SendAsync("stats", cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var line = await _process.ReadLineAsync(StatsTimeout, cancellationToken).ConfigureAwait(false);
            if (line.StartsWith(ServerStats.Prefix, StringComparison.Ordinal))
            {
                return ServerStats.Parse(line);
            }
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
