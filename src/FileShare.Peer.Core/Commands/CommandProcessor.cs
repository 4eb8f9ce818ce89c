using System.Globalization;
using FileShare.Peer.Core.Tracker;
using FileShare.Peer.Core.Transfers;
using FileShare.Protocol;
using FileShare.Protocol.Messages;

namespace FileShare.Peer.Core.Commands;

/// <summary>
/// Parses one command line, runs it on the <see cref="PeerNode"/>, and returns the exact output lines of the
/// plain-mode contract. The terminal UI shows the same lines.
/// </summary>
internal sealed class CommandProcessor
{
    public const string NotLoggedIn = "Please log in first: auth <username> <password>";
    public const string AuthFailed = "Authentication failed. Please try again.";
    public const string TrackerNotResponding = "Tracker not responding";

    /// <summary>Shown once while a command waits out Busy answers (the plain mode prints it as a line of its own).</summary>
    public const string TrackerBusyRetrying = "Tracker busy, retrying";

    private readonly PeerNode _node;

    public CommandProcessor(PeerNode node) => _node = node;

    /// <summary>Runs one line. Never throws for bad input or tracker trouble; only cancellation escapes.</summary>
    public async Task<CommandResult> ExecuteAsync(string line, IProgress<long>? hashingProgress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        var (command, rest) = Split(line.Trim());
        if (command.Length == 0)
        {
            return new CommandResult([]);
        }

        var info = CommandCatalog.Find(command);
        if (info is null)
        {
            return CommandResult.Error($"Unknown command '{command}'. Available commands are: {CommandCatalog.NameList}");
        }

        if (info.NeedsLogin && !_node.IsLoggedIn)
        {
            return CommandResult.Error(NotLoggedIn);
        }

        try
        {
            return command switch
            {
                "auth" => await AuthAsync(rest, cancellationToken).ConfigureAwait(false),
                "pub" => await PublishAsync(rest, hashingProgress, cancellationToken).ConfigureAwait(false),
                "unp" => await UnpublishAsync(rest, cancellationToken).ConfigureAwait(false),
                "lpf" => NoArguments(rest, info) ?? List(await _node.ListMyFilesAsync(cancellationToken).ConfigureAwait(false), "No files published", "file published", "files published"),
                "lap" => await ListPeersAsync(rest, info, cancellationToken).ConfigureAwait(false),
                "sch" => await SearchAsync(rest, info, cancellationToken).ConfigureAwait(false),
                "get" => await GetAsync(rest, info, cancellationToken).ConfigureAwait(false),
                "reg" => await RegisterAsync(rest, cancellationToken).ConfigureAwait(false),
                "passwd" => await ChangePasswordAsync(rest, info, cancellationToken).ConfigureAwait(false),
                "ren" => await RenameAsync(rest, info, cancellationToken).ConfigureAwait(false),
                "rm" => await RemoveAsync(rest, info, cancellationToken).ConfigureAwait(false),
                "help" => Help(),
                "xit" => await ExitAsync(cancellationToken).ConfigureAwait(false),
                _ => CommandResult.Error($"Unknown command '{command}'"),
            };
        }
        catch (TrackerBusyException ex)
        {
            return CommandResult.Error(ex.Message, CommandFailure.TrackerBusy);
        }
        catch (TrackerUnavailableException)
        {
            return CommandResult.Error(TrackerNotResponding, CommandFailure.TrackerNotResponding);
        }
        catch (TrackerErrorException ex)
        {
            return CommandResult.Error(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return CommandResult.Error($"File error: {ex.Message}");
        }
    }

    /// <summary>The line as it may be echoed or stored in history: the password of <c>auth</c> masked.</summary>
    public static string MaskSecrets(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var (command, rest) = Split(line.Trim());
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return command switch
        {
            "auth" or "reg" when words.Length >= 2 => $"{command} {words[0]} ********",
            "passwd" when words.Length >= 1 => "passwd ******** ********",
            _ => line,
        };
    }

    private static (string Command, string Arguments) Split(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (line, "") : (line[..space], line[(space + 1)..].Trim());
    }

    private static string Unquote(string argument) =>
        argument.Length >= 2 && argument[0] == '"' && argument[^1] == '"' ? argument[1..^1] : argument;

    private static CommandResult Usage(CommandInfo info) =>
        CommandResult.Error($"Usage: {info.Name} {info.Arguments}".TrimEnd());

    private static CommandResult? NoArguments(string rest, CommandInfo info) => rest.Length == 0 ? null : Usage(info);

    private async Task<CommandResult> AuthAsync(string rest, CancellationToken cancellationToken)
    {
        var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return Usage(CommandCatalog.Find("auth")!);
        }

        if (_node.IsLoggedIn)
        {
            return CommandResult.Error($"Already logged in as {_node.UserName}");
        }

        var outcome = await _node.LoginAsync(parts[0], parts[1], cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            LoginOutcome.Success => new CommandResult(
            [
                new OutputLine("Welcome to FileShare!"),
                new OutputLine($"Available commands are: {CommandCatalog.NameList}"),
            ]),
            LoginOutcome.TrackerNotAuthentic => CommandResult.Error(
                "Authentication failed: the tracker could not prove it knows your password (possible impostor)"),
            LoginOutcome.TrackerUnsigned => CommandResult.Error(
                "Authentication failed: the tracker does not sign sessions (it is older than this peer); upgrade the tracker"),
            _ => CommandResult.Error(AuthFailed),
        };
    }

    private async Task<CommandResult> RegisterAsync(string rest, CancellationToken cancellationToken)
    {
        var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return Usage(CommandCatalog.Find("reg")!);
        }

        if (_node.IsLoggedIn)
        {
            return CommandResult.Error($"Already logged in as {_node.UserName}");
        }

        if (NameRules.CheckNewUserName(parts[0]) is { } nameError)
        {
            return CommandResult.Error(nameError);
        }

        if (NameRules.CheckNewPassword(parts[1]) is { } passwordError)
        {
            return CommandResult.Error(passwordError);
        }

        try
        {
            await _node.RegisterAsync(parts[0], parts[1], cancellationToken).ConfigureAwait(false);
        }
        catch (TrackerErrorException ex)
        {
            return CommandResult.Error(ex.Code switch
            {
                ErrorCode.RegistrationDisabled => "Registration is disabled on this tracker",
                ErrorCode.AlreadyExists => "Username already taken",
                _ => ex.Message,
            });
        }

        var login = await AuthAsync(rest, cancellationToken).ConfigureAwait(false);
        return new CommandResult([new OutputLine("Account created"), .. login.Lines]);
    }

    private async Task<CommandResult> ChangePasswordAsync(string rest, CommandInfo info, CancellationToken cancellationToken)
    {
        var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return Usage(info);
        }

        if (NameRules.CheckNewPassword(parts[1]) is { } passwordError)
        {
            return CommandResult.Error(passwordError);
        }

        return await _node.ChangePasswordAsync(parts[0], parts[1], cancellationToken).ConfigureAwait(false)
            ? CommandResult.Of("Password changed")
            : CommandResult.Error("Password change failed");
    }

    private async Task<CommandResult> RenameAsync(string rest, CommandInfo info, CancellationToken cancellationToken)
    {
        var names = Tokenize(rest);
        if (names is not { Count: 2 })
        {
            return Usage(info);
        }

        var error = await _node.RenameAsync(names[0], names[1], cancellationToken).ConfigureAwait(false);
        return error is null ? CommandResult.Of("File renamed successfully") : CommandResult.Error(error);
    }

    private async Task<CommandResult> RemoveAsync(string rest, CommandInfo info, CancellationToken cancellationToken)
    {
        var confirmed = false;
        if (rest.StartsWith("-y ", StringComparison.Ordinal))
        {
            confirmed = true;
            rest = rest[3..].TrimStart();
        }

        var name = Unquote(rest);
        if (name.Length == 0)
        {
            return Usage(info);
        }

        if (!confirmed)
        {
            return CommandResult.Error($"This deletes {name} from your share folder; confirm with: rm -y {name}");
        }

        var error = await _node.RemoveAsync(name, cancellationToken).ConfigureAwait(false);
        return error is null ? CommandResult.Of("File removed") : CommandResult.Error(error);
    }

    // Words separated by spaces; "double quotes" keep spaces inside one word. Null when a quote is left open.
    private static List<string>? Tokenize(string text)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (quoted)
        {
            return null;
        }

        if (any)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private async Task<CommandResult> PublishAsync(string rest, IProgress<long>? hashingProgress, CancellationToken cancellationToken)
    {
        var name = Unquote(rest);
        if (name.Length == 0)
        {
            return Usage(CommandCatalog.Find("pub")!);
        }

        var error = await _node.PublishAsync(name, hashingProgress, cancellationToken).ConfigureAwait(false);
        return error is null ? CommandResult.Of("File published successfully") : CommandResult.Error(error);
    }

    private async Task<CommandResult> UnpublishAsync(string rest, CancellationToken cancellationToken)
    {
        var name = Unquote(rest);
        if (name.Length == 0)
        {
            return Usage(CommandCatalog.Find("unp")!);
        }

        return await _node.UnpublishAsync(name, cancellationToken).ConfigureAwait(false)
            ? CommandResult.Of("File unpublished successfully")
            : CommandResult.Error("File unpublication failed");
    }

    private async Task<CommandResult> ListPeersAsync(string rest, CommandInfo info, CancellationToken cancellationToken)
    {
        switch (rest)
        {
            case "":
                return List(await _node.ListActivePeersAsync(cancellationToken).ConfigureAwait(false), "No active peers", "active peer", "active peers");
            case "-a":
                var peers = await _node.ListPeerAddressesAsync(cancellationToken).ConfigureAwait(false);
                var listed = List(
                    peers.Select(p => $"{p.UserName} {FormatEndPoint(p.Address, p.Port)}").ToList(),
                    "No active peers",
                    "active peer",
                    "active peers");
                return listed with
                {
                    Items = peers.Select(p => p.UserName).Order(StringComparer.Ordinal).ToList(),
                    Peers = peers.OrderBy(p => p.UserName, StringComparer.Ordinal).ToList(),
                };
            default:
                return Usage(info);
        }
    }

    private static string FormatEndPoint(string address, int port) =>
        address.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{address}]:{port}")
            : string.Create(CultureInfo.InvariantCulture, $"{address}:{port}");

    private async Task<CommandResult> SearchAsync(string rest, CommandInfo info, CancellationToken cancellationToken)
    {
        var text = Unquote(rest);
        if (text.Length == 0)
        {
            return Usage(info);
        }

        if (System.Text.Encoding.UTF8.GetByteCount(text) > ProtocolLimits.MaxFileNameBytes)
        {
            return CommandResult.Of("No files found") with { Items = [] }; // longer than any file name, so part of none
        }

        return List(await _node.SearchAsync(text, cancellationToken).ConfigureAwait(false), "No files found", "file found", "files found");
    }

    private async Task<CommandResult> GetAsync(string rest, CommandInfo info, CancellationToken cancellationToken)
    {
        var force = false;
        if (rest.StartsWith("-f ", StringComparison.Ordinal))
        {
            force = true;
            rest = rest[3..].TrimStart();
        }

        var name = Unquote(rest);
        if (name.Length == 0)
        {
            return Usage(info);
        }

        var result = await _node.DownloadAsync(name, force, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            DownloadOutcome.Downloaded or DownloadOutcome.AlreadyPresent => CommandResult.Of($"{name} downloaded successfully"),
            DownloadOutcome.NotFound => CommandResult.Error("File not found"),
            _ => CommandResult.Error(result.Reason),
        };
    }

    private static CommandResult List(IReadOnlyList<string> items, string none, string singular, string plural)
    {
        if (items.Count == 0)
        {
            return CommandResult.Of(none) with { Items = [] };
        }

        var sorted = items.Order(StringComparer.Ordinal).ToList();
        var lines = new List<OutputLine>(items.Count + 1)
        {
            new(items.Count == 1 ? $"1 {singular}:" : string.Create(CultureInfo.InvariantCulture, $"{items.Count} {plural}:")),
        };
        lines.AddRange(sorted.Select(item => new OutputLine(item)));
        return new CommandResult(lines) { Items = sorted };
    }

    private static CommandResult Help()
    {
        var width = CommandCatalog.All.Max(c => (c.Name + " " + c.Arguments).Length);
        return new CommandResult(CommandCatalog.All
            .Select(c => new OutputLine($"{(c.Name + " " + c.Arguments).PadRight(width)}  {c.Description}"))
            .ToList());
    }

    private async Task<CommandResult> ExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _node.LeaveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TrackerUnavailableException)
        {
            // Leaving is best effort: the tracker expires the session anyway.
        }

        return new CommandResult([new OutputLine("Goodbye!")], Exit: true);
    }
}
