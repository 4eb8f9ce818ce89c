using FileShare.Peer.Core.Commands;

namespace FileShare.Peer.Tui.Input;

/// <summary>
/// Tab completion: command names for the first word; share files for <c>pub</c>, <c>unp</c>, <c>ren</c> (first name)
/// and <c>rm</c>; search results and names seen before for <c>get</c>. Only the text before the cursor is completed.
/// </summary>
internal static class Completer
{
    public static CompletionResult Complete(string text, int cursor, CompletionSources sources)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sources);
        var before = text[..cursor];
        var after = text[cursor..];
        var space = before.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            var names = CommandCatalog.All.Select(c => c.Name).ToList();
            return Apply(before, after, prefixStart: 0, before, names, suffixWhenUnique: " ");
        }

        var command = before[..space];
        var argumentStart = space + 1;
        while (argumentStart < before.Length && before[argumentStart] == ' ')
        {
            argumentStart++;
        }

        var flag = command switch
        {
            "get" => "-f ",
            "rm" => "-y ",
            _ => null,
        };
        if (flag is not null && before.Length >= argumentStart + 3 && string.CompareOrdinal(before, argumentStart, flag, 0, 3) == 0)
        {
            argumentStart += 3;
            while (argumentStart < before.Length && before[argumentStart] == ' ')
            {
                argumentStart++;
            }
        }

        IReadOnlyList<string> candidates = command switch
        {
            "pub" => sources.LocalFiles(),
            "unp" => sources.MyPublications(),
            "rm" => [.. sources.LocalFiles(), .. sources.MyPublications()],
            "ren" when !before[argumentStart..].Contains(' ', StringComparison.Ordinal) => [.. sources.LocalFiles(), .. sources.MyPublications()],
            "get" => sources.KnownNames(),
            _ => [],
        };
        var prefix = before[argumentStart..];
        return Apply(before, after, argumentStart, prefix, candidates, suffixWhenUnique: "");
    }

    private static CompletionResult Apply(
        string before, string after, int prefixStart, string prefix, IReadOnlyList<string> all, string suffixWhenUnique)
    {
        var matches = all.Where(c => c.StartsWith(prefix, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (matches.Count == 0)
        {
            return new CompletionResult(before + after, before.Length, []);
        }

        var completed = matches.Count == 1 ? matches[0] + suffixWhenUnique : CommonPrefix(matches);
        var newBefore = before[..prefixStart] + completed;
        return new CompletionResult(newBefore + after, newBefore.Length, matches.Count == 1 ? [] : matches);
    }

    private static string CommonPrefix(List<string> values)
    {
        var prefix = values[0];
        foreach (var value in values.Skip(1))
        {
            var length = 0;
            while (length < prefix.Length && length < value.Length && prefix[length] == value[length])
            {
                length++;
            }

            prefix = prefix[..length];
        }

        return prefix;
    }
}
