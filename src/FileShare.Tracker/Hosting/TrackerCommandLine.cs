using System.CommandLine;
using System.Globalization;
using FileShare.Tracker.Admin;

namespace FileShare.Tracker.Hosting;

/// <summary>
/// The command line: <c>fileshare-tracker [PORT] [--credentials FILE] [--data DIR] [--config FILE]</c> runs the tracker;
/// <c>fileshare-tracker user add|passwd|remove|list</c> manages accounts offline.
/// </summary>
internal static class TrackerCommandLine
{
    private const string Description =
        """
        FileShare tracker: knows who is online and who published what; peers talk to it over UDP.

        Settings come from, in increasing priority: built-in defaults, the config file (config/tracker.json
        in the working directory, or --config FILE), environment variables FILESHARE_Tracker__<Key>, and
        the command line. Keys of the "Tracker" section (defaults in brackets):
          Port [11502]                  Name ["FileShare tracker"]
          CredentialsFile [credentials.txt]   DataDirectory [tracker-data]
          HeartbeatInterval [00:00:01]  SessionTimeout [00:00:03]     TicketLifetime [00:10:00]
          ReplyCacheLifetime [00:00:30] ReplyCacheCapacity [200000]   ReplyCacheMaxBytes [33554432]
          AuthExchangeLifetime [00:00:10]
          MaxPendingAuthExchanges [10000]  AllowRegistration [false]  ScramIterations [4096]
          RegistrationLimit [5] accounts per source address per RegistrationWindow [00:10:00]
          ThrottleFreeFailures [3]      ThrottleBaseDelay [00:00:01]  ThrottleMaxDelay [00:01:00]
          SnapshotThreshold [10000]     SweepInterval [00:00:00.5]    CredentialsPollInterval [00:00:02]
          BadDatagramLogInterval [00:00:10]  BadDatagramLogLimit [10]
          PrometheusPort [0: off]       PrometheusHost [localhost]   (metrics at http://HOST:PORT/metrics)
        Example: FILESHARE_Tracker__SessionTimeout=00:00:05 fileshare-tracker 11502
        Log levels: section "Logging:LogLevel" (Debug shows heartbeats), e.g. FILESHARE_Logging__LogLevel__Default=Debug.

        credentials.txt: one account per line, 'username password' or
        'username scram-sha-256$ITER$SALT$STOREDKEY$SERVERKEY' (base64 parts); '#' comments and blank lines allowed.
        The file is re-read when it changes. A missing file exits with code 2. Accounts created by 'reg' (with
        AllowRegistration) and changed passwords are written back in the hashed form, keeping every other line.
        Manage accounts offline with: fileshare-tracker user add|passwd|remove|list (see 'user --help').
        Exit codes: 0 stopped normally, 1 could not start, 2 usage error, bad settings or missing credentials file.
        """;

    public static RootCommand Create(TextReader? input = null)
    {
        var port = new Argument<int?>("PORT")
        {
            Description = "UDP port to listen on [default: 11502; 0 picks a free port, shown in the ready line]",
            Arity = ArgumentArity.ZeroOrOne,
        };
        port.CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return null;
            }

            var text = result.Tokens[0].Value;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 65535)
            {
                result.AddError($"PORT must be a number from 0 to 65535, not '{text}'.");
                return null;
            }

            return value;
        };
        var credentials = new Option<string?>("--credentials")
        {
            Description = "Accounts file [default: ./credentials.txt]",
            HelpName = "FILE",
        };
        var data = new Option<string?>("--data")
        {
            Description = "Directory for the durable publication state [default: ./tracker-data/]",
            HelpName = "DIR",
        };
        var config = new Option<string?>("--config")
        {
            Description = "Settings file (JSON, section \"Tracker\") [default: config/tracker.json if present]",
            HelpName = "FILE",
        };

        var root = new RootCommand(Description) { port, credentials, data, config };
        root.Subcommands.Add(UserCommands.Create(input ?? Console.In));
        root.SetAction((parseResult, cancellationToken) => TrackerHost.RunAsync(
            new TrackerLaunchSettings
            {
                Port = parseResult.GetValue(port),
                CredentialsFile = parseResult.GetValue(credentials),
                DataDirectory = parseResult.GetValue(data),
                ConfigFile = parseResult.GetValue(config),
            },
            cancellationToken));
        return root;
    }

    /// <summary>Parses and runs. Ctrl+C and SIGTERM are left to the host, which stops gracefully and flushes the journal.</summary>
    public static Task<int> InvokeAsync(string[] args) => InvokeAsync(args, Console.In, Console.Out, Console.Error);

    /// <summary>Parses and runs with the given streams (tests). A usage error prints the reasons and exits with code 2.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var parseResult = Create(input).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync("fileshare-tracker: " + parseError.Message).ConfigureAwait(false);
            }

            var command = string.Join(' ', parseResult.CommandResult.Command.Name == parseResult.RootCommandResult.Command.Name
                ? ["fileshare-tracker"]
                : ["fileshare-tracker", .. CommandPath(parseResult.CommandResult)]);
            await error.WriteLineAsync($"Try '{command} --help'.").ConfigureAwait(false);
            return 2;
        }

        return await parseResult.InvokeAsync(
            new InvocationConfiguration { ProcessTerminationTimeout = null, Output = output, Error = error }).ConfigureAwait(false);
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var current = result; current?.Parent is System.CommandLine.Parsing.CommandResult parent; current = parent)
        {
            names.Push(current.Command.Name);
        }

        return names;
    }
}
