using System.Globalization;
using FileShare.Peer.Tui;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileShare.TuiLoad;

/// <summary>
/// Runs the peer's terminal UI over a synthetic peer with endless downloads, to measure the UI's own CPU and
/// memory under load: <c>fileshare-tuiload [TRANSFERS] [UPDATES_PER_SECOND]</c> (default 8 and 50). Ctrl+Q quits.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var transfers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8;
        var hz = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var peer = new LoadPeer(transfers, TimeProvider.System);
        using var stopping = new CancellationTokenSource();
        var moving = Task.Run(() => peer.MoveAsync(hz, stopping.Token), CancellationToken.None);
        var exitCode = await TuiApp.RunAsync(peer, null, TimeProvider.System, NullLoggerFactory.Instance, null, null, CancellationToken.None)
            .ConfigureAwait(false);
        await stopping.CancelAsync().ConfigureAwait(false);
        await moving.ConfigureAwait(false);
        return exitCode;
    }
}
