using FileShare.Peer.Core.Commands;

namespace FileShare.Peer.Tui.Input;

/// <summary>The one-line hint under the output: what the command being typed does and what it expects.</summary>
internal static class HintBuilder
{
    public const string Idle = "F1 help  Tab complete  F2 results  F3 transfers  PgUp/PgDn scroll  Ctrl+Q quit";

    public static string For(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0)
        {
            return Idle;
        }

        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        var word = space < 0 ? trimmed : trimmed[..space];
        if (CommandCatalog.Find(word) is { } exact)
        {
            return Describe(exact);
        }

        var matches = CommandCatalog.All.Where(c => c.Name.StartsWith(word, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            0 => $"Unknown command '{word}'. Commands: {string.Join(", ", CommandCatalog.All.Select(c => c.Name))}",
            1 when space < 0 => Describe(matches[0]),
            _ when space < 0 => string.Join("  |  ", matches.Select(Describe)),
            _ => $"Unknown command '{word}'. Commands: {string.Join(", ", CommandCatalog.All.Select(c => c.Name))}",
        };
    }

    private static string Describe(CommandInfo info) =>
        $"{(info.Name + " " + info.Arguments).TrimEnd()}: {info.Description}";
}
