using System.Globalization;
using System.Text;
using Spectre.Console.Rendering;

namespace FileShare.Peer.Tui.Rendering;

/// <summary>Fits text into a number of terminal cells (wide characters take two).</summary>
internal static class TextFit
{
    public static int Width(string text) => new Segment(text).CellCount();

    /// <summary>Cuts <paramref name="text"/> to <paramref name="cells"/>, ending in an ellipsis when cut.</summary>
    public static string Truncate(string text, int cells, bool unicode = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (cells <= 0)
        {
            return "";
        }

        if (Width(text) <= cells)
        {
            return text;
        }

        var ellipsis = unicode ? "…" : "~";
        return TakeCells(text, cells - 1) + ellipsis;
    }

    /// <summary>Cuts from the left, keeping the end (for paths).</summary>
    public static string TruncateStart(string text, int cells, bool unicode = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Width(text) <= cells)
        {
            return text;
        }

        if (cells <= 1)
        {
            return cells == 1 ? (unicode ? "…" : "~") : "";
        }

        var elements = TextElements(text);
        var kept = new StringBuilder();
        var used = 0;
        for (var i = elements.Count - 1; i >= 0; i--)
        {
            var width = Width(elements[i]);
            if (used + width > cells - 1)
            {
                break;
            }

            kept.Insert(0, elements[i]);
            used += width;
        }

        return (unicode ? "…" : "~") + kept;
    }

    public static string PadRight(string text, int cells)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fitted = Truncate(text, cells);
        return fitted + new string(' ', Math.Max(0, cells - Width(fitted)));
    }

    /// <summary>Splits text into rows of at most <paramref name="cells"/>, breaking at a space when one is near.</summary>
    public static IReadOnlyList<string> Wrap(string text, int cells)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<string>();
        foreach (var line in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var rest = line;
            while (cells > 0 && Width(rest) > cells)
            {
                var head = TakeCells(rest, cells);
                var space = head.LastIndexOf(' ');
                if (space > head.Length / 2)
                {
                    head = head[..space];
                    rows.Add(head);
                    rest = rest[(space + 1)..];
                }
                else
                {
                    rows.Add(head);
                    rest = rest[head.Length..];
                }
            }

            rows.Add(rest);
        }

        return rows;
    }

    private static string TakeCells(string text, int cells)
    {
        var builder = new StringBuilder();
        var used = 0;
        foreach (var element in TextElements(text))
        {
            var width = Width(element);
            if (used + width > cells)
            {
                break;
            }

            builder.Append(element);
            used += width;
        }

        return builder.ToString();
    }

    private static List<string> TextElements(string text)
    {
        var elements = new List<string>(text.Length);
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var element = enumerator.GetTextElement();
            // Control characters would move the terminal's cursor: show them as a placeholder.
            elements.Add(element.Length == 1 && char.IsControl(element[0]) ? "?" : element);
        }

        return elements;
    }
}
