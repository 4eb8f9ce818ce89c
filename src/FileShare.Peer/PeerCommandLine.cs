using System.CommandLine;
using FileShare.Peer.Core;
using FileShare.Peer.Core.Unattended;

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

    private readonly Option<bool> _serve = new("--serve")
    {
        Description = "Run unattended (no terminal): log in as --user and keep the share served, logging in again by itself.",
    };

    private readonly Option<string?> _user = new("--user")
    {
        Description = "With --serve: the account to log in as.",
    };

    private readonly Option<FileInfo?> _passwordFile = new("--password-file")
    {
        Description = $"With --serve: a file whose first line is the password (else the {PasswordVariable} environment variable).",
    };

    private readonly Option<bool> _shareAll = new("--share-all")
    {
        Description = "With --serve: keep every file of the share folder published, following new, changed, renamed and deleted files.",
    };

    // Accepted only to refuse it with a reason: a password on the command line is visible to every user of the host.
    private readonly Option<string?> _password = new("--password") { Hidden = true };

    /// <summary>The environment variable <c>--serve</c> reads the password from when no file is given.</summary>
    public const string PasswordVariable = "FILESHARE_PASSWORD";

    public RootCommand Build(Func<PeerStartup, CancellationToken, Task<int>> run)
    {
        var root = new RootCommand("FileShare peer: publish, find and download files directly from other peers.")
        {
            _trackerHost,
            _trackerPort,
            _dir,
            _port,
            _plain,
            _serve,
            _user,
            _passwordFile,
            _shareAll,
            _password,
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

            if (parse.GetValue(_password) is not null)
            {
                Console.Error.WriteLine(
                    "--password is refused: a password on the command line is visible to every user of this machine (ps, /proc). " +
                    $"Use --password-file FILE (mode 0600) or the {PasswordVariable} environment variable.");
                return Task.FromResult(2);
            }

            UnattendedSettings? serve = null;
            if (parse.GetValue(_serve))
            {
                if (ServeSettings(parse.GetValue(_user), parse.GetValue(_passwordFile), parse.GetValue(_shareAll)) is not { } settings)
                {
                    return Task.FromResult(2);
                }

                serve = settings;
            }
            else if (parse.GetValue(_user) is not null || parse.GetValue(_passwordFile) is not null || parse.GetValue(_shareAll))
            {
                Console.Error.WriteLine("--user, --password-file and --share-all go with --serve.");
                return Task.FromResult(2);
            }

            var startup = new PeerStartup(
                parse.GetValue(_trackerHost),
                port,
                parse.GetValue(_dir)?.FullName ?? Directory.GetCurrentDirectory(),
                fileServerPort,
                serve is not null || parse.GetValue(_plain) || Console.IsInputRedirected,
                serve);
            return run(startup, cancellationToken);
        });
        return root;
    }

    // The password comes from a file or the environment, never the command line; errors are said, then null.
    private static UnattendedSettings? ServeSettings(string? user, FileInfo? passwordFile, bool shareAll)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            Console.Error.WriteLine("--serve needs --user NAME: the account to log in as.");
            return null;
        }

        string? password;
        if (passwordFile is not null)
        {
            try
            {
                password = File.ReadLines(passwordFile.FullName).FirstOrDefault();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Cannot read the password file {passwordFile.FullName}: {ex.Message}");
                return null;
            }
        }
        else
        {
            password = Environment.GetEnvironmentVariable(PasswordVariable);
        }

        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine(passwordFile is not null
                ? $"The password file {passwordFile.FullName} is empty."
                : $"--serve needs the password: --password-file FILE, or the {PasswordVariable} environment variable.");
            return null;
        }

        return new UnattendedSettings(user, password, shareAll);
    }
}
