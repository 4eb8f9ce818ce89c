using System.CommandLine;
using FileShare.Peer.Core;

namespace FileShare.Peer;

/// <summary>The command line of <c>fileshare-peer</c>.</summary>
internal sealed class PeerCommandLine
{
    private readonly Argument<string?> _trackerHost = new("tracker-host")
    {
        Arity = ArgumentArity.ZeroOrOne,
        Description = "Tracker host name or address. Without it, a tracker is found by UDP broadcast on the LAN.",
    };

    private readonly Argument<int?> _trackerPort = new("tracker-port")
    {
        Arity = ArgumentArity.ZeroOrOne,
        Description = $"Tracker UDP port (default {PeerOptions.DefaultTrackerPort}).",
    };

    private readonly Option<DirectoryInfo?> _dir = new("--dir")
    {
        Description = "Share folder: files to publish and downloads (default: the working directory).",
    };

    private readonly Option<int> _port = new("--port")
    {
        Description = "TCP port of this peer's file server (default: an ephemeral port).",
    };

    private readonly Option<bool> _plain = new("--plain")
    {
        Description = "Plain line mode: commands on stdin, results on stdout (also chosen when stdin is not a terminal).",
    };

    public RootCommand Build(Func<PeerStartup, CancellationToken, Task<int>> run)
    {
        var root = new RootCommand("FileShare peer: publish, find and download files directly from other peers.")
        {
            _trackerHost,
            _trackerPort,
            _dir,
            _port,
            _plain,
        };
        root.SetAction((parse, cancellationToken) =>
        {
            var port = parse.GetValue(_trackerPort) ?? PeerOptions.DefaultTrackerPort;
            var fileServerPort = parse.GetValue(_port);
            if (port is < 1 or > 65535 || fileServerPort is < 0 or > 65535)
            {
                Console.Error.WriteLine("Ports must be between 1 and 65535 (0 for --port picks a free one).");
                return Task.FromResult(2);
            }

            var startup = new PeerStartup(
                parse.GetValue(_trackerHost),
                port,
                parse.GetValue(_dir)?.FullName ?? Directory.GetCurrentDirectory(),
                fileServerPort,
                parse.GetValue(_plain) || Console.IsInputRedirected);
            return run(startup, cancellationToken);
        });
        return root;
    }
}
