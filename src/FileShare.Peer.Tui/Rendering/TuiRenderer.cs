using System.Globalization;
using FileShare.Peer.Core.Commands;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FileShare.Peer.Tui.Rendering;

/// <summary>
/// Draws the view-model into a console of the console's profile size: status bar, output pane, side panes
/// (active peers, my publications, search results), transfers, hint line and command box. Every text is
/// fitted to its box here so nothing wraps or pushes the layout.
/// </summary>
internal sealed class TuiRenderer
{
    public const string ProductName = "FileShare";
    private const int InputHeight = 3;

    private static readonly Style StatusStyle = new(Color.White, Color.Blue);
    private static readonly Style ErrorStyle = new(Color.Red);
    private static readonly Style EchoStyle = new(Color.Aqua, decoration: Decoration.Bold);
    private static readonly Style DimStyle = new(Color.Grey);
    private static readonly Style DoneStyle = new(Color.Green);
    private static readonly Style CursorStyle = new(decoration: Decoration.Invert);

    public void Render(TuiViewModel viewModel, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(viewModel);
        ArgumentNullException.ThrowIfNull(console);
        var width = Math.Max(20, console.Profile.Width);
        var height = Math.Max(8, console.Profile.Height);
        var unicode = console.Profile.Capabilities.Unicode;

        var transferCapacity = height >= 40 ? 8 : height >= 30 ? 5 : 3;
        var transfersHeight = height >= 16 ? Math.Clamp(viewModel.Transfers.Count, 1, transferCapacity) + 2 : 0;
        var statusHeight = StatusHeight(viewModel, width);
        var mainHeight = height - statusHeight - 1 - InputHeight - transfersHeight;
        var sideWidth = width >= 140 ? 44 : width >= 100 ? 34 : width >= 70 ? 28 : 0;

        var main = new Layout("main");
        var output = new Layout("output", OutputPane(viewModel, mainHeight, width - sideWidth, unicode));
        if (sideWidth > 0)
        {
            main.SplitColumns(output, new Layout("side", SidePanes(viewModel, mainHeight, sideWidth, unicode)).Size(sideWidth));
        }
        else
        {
            main.SplitColumns(output);
        }

        var rows = new List<Layout>
        {
            new Layout("status", StatusBar(viewModel, width, statusHeight, unicode)).Size(statusHeight),
            main.Size(mainHeight),
        };
        if (transfersHeight > 0)
        {
            rows.Add(new Layout("transfers", TransfersPane(viewModel, transfersHeight, width, unicode)).Size(transfersHeight));
        }

        rows.Add(new Layout("hint", new Paragraph(TextFit.PadRight(viewModel.Hint, width), DimStyle)).Size(1));
        rows.Add(new Layout("input", CommandBox(viewModel, width, unicode)).Size(InputHeight));
        var root = new Layout("root").SplitRows([.. rows]);
        console.Write(root);
    }

    /// <summary>One row when everything fits, else two (share folder and port on the second).</summary>
    public static int StatusHeight(TuiViewModel viewModel, int width)
    {
        ArgumentNullException.ThrowIfNull(viewModel);
        var (first, second) = StatusParts(viewModel);
        return TextFit.Width(first + Separator + second) + 2 <= width ? 1 : 2;
    }

    private const string Separator = " | ";

    private static (string Connection, string Local) StatusParts(TuiViewModel viewModel)
    {
        var status = viewModel.Status;
        var user = status?.UserName ?? "not logged in";
        var rtt = status?.RoundTrip is { } roundTrip
            ? string.Create(CultureInfo.InvariantCulture, $" ({Math.Max(0, roundTrip.TotalMilliseconds):0} ms)")
            : "";
        var state = ConnectionStateRule.Label(viewModel.Connection);
        var connection = $"{ProductName}{Separator}{user}{Separator}tracker {status?.TrackerName ?? "?"}{rtt}{Separator}{state}";
        var local = status is null
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $"share {status.ShareFolder}{Separator}file server port {status.FileServerPort}");
        return (connection, local);
    }

    private static IRenderable StatusBar(TuiViewModel viewModel, int width, int rows, bool unicode)
    {
        var (connection, local) = StatusParts(viewModel);
        var state = ConnectionStateRule.Label(viewModel.Connection);
        var stateStyle = viewModel.Connection switch
        {
            ConnectionState.Online => new Style(Color.White, Color.Green),
            ConnectionState.Reconnecting or ConnectionState.Busy => new Style(Color.Black, Color.Yellow),
            _ => new Style(Color.White, Color.Red),
        };
        var paragraph = new Paragraph();
        var firstRow = rows == 1 ? $" {connection}{Separator}{local}" : $" {connection}";
        var fitted = TextFit.PadRight(firstRow, width);
        var marker = $"{Separator}{state}";
        var at = fitted.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            paragraph.Append(fitted, StatusStyle);
        }
        else
        {
            var stateAt = at + Separator.Length;
            paragraph.Append(fitted[..stateAt], StatusStyle);
            paragraph.Append(state, stateStyle);
            paragraph.Append(fitted[(stateAt + state.Length)..], StatusStyle);
        }

        if (rows == 2)
        {
            // The folder path is what gives way when the row is too narrow: keep its end.
            var port = local.LastIndexOf(Separator, StringComparison.Ordinal);
            var tail = port < 0 ? "" : local[port..];
            var folder = port < 0 ? local : local[..port];
            var room = Math.Max(1, width - 1 - TextFit.Width(tail));
            paragraph.Append("\n" + TextFit.PadRight(" " + TextFit.TruncateStart(folder, room - 1, unicode) + tail, width), StatusStyle);
        }

        return paragraph;
    }

    private static Panel OutputPane(TuiViewModel viewModel, int height, int width, bool unicode)
    {
        var innerWidth = Math.Max(1, width - 4);
        var innerHeight = Math.Max(1, height - 2);
        var rows = new List<(string Text, Style Style)>();
        foreach (var entry in viewModel.Output)
        {
            var style = entry.Kind == OutputKind.Error ? ErrorStyle : entry.IsEcho ? EchoStyle : Style.Plain;
            foreach (var row in TextFit.Wrap(entry.Text, innerWidth))
            {
                rows.Add((row, style));
            }
        }

        var maxOffset = Math.Max(0, rows.Count - innerHeight);
        viewModel.ScrollOffset = Math.Clamp(viewModel.ScrollOffset, 0, maxOffset);
        viewModel.OutputPageRows = innerHeight;
        var end = rows.Count - viewModel.ScrollOffset;
        var start = Math.Max(0, end - innerHeight);
        var paragraph = new Paragraph();
        for (var i = start; i < end; i++)
        {
            paragraph.Append(TextFit.PadRight(rows[i].Text, innerWidth) + (i < end - 1 ? "\n" : ""), rows[i].Style);
        }

        var title = viewModel.ScrollOffset > 0
            ? string.Create(CultureInfo.InvariantCulture, $" Output (scrolled up {viewModel.ScrollOffset}, PgDn) ")
            : " Output ";
        return Boxed(title, paragraph, height, unicode);
    }

    private static IRenderable SidePanes(TuiViewModel viewModel, int height, int width, bool unicode)
    {
        var first = Math.Max(3, height / 3);
        var second = Math.Max(3, height / 3);
        var third = Math.Max(3, height - first - second);
        var peers = viewModel.ActivePeers;
        var search = viewModel.SearchQuery;
        return new Layout("side-panes").SplitRows(
            new Layout("peers", ListPane(
                peers is null ? " Active peers " : string.Create(CultureInfo.InvariantCulture, $" Active peers ({peers.Count}) "),
                peers ?? [],
                peers is null ? "log in to see peers" : "no other peers",
                first, width, unicode)).Size(first),
            new Layout("publications", ListPane(
                string.Create(CultureInfo.InvariantCulture, $" My publications ({viewModel.MyPublications.Count}) "),
                viewModel.MyPublications,
                "none yet: pub <file>",
                second, width, unicode)).Size(second),
            new Layout("results", ListPane(
                search is null ? " Search results " : string.Create(CultureInfo.InvariantCulture, $" Search '{search}' ({viewModel.SearchResults.Count}) "),
                viewModel.SearchResults,
                search is null ? "sch <text> to search" : "no files found",
                third, width, unicode)).Size(third));
    }

    private static Panel ListPane(string title, IReadOnlyList<string> items, string empty, int height, int width, bool unicode)
    {
        var innerWidth = Math.Max(1, width - 4);
        var innerHeight = Math.Max(1, height - 2);
        var paragraph = new Paragraph();
        if (items.Count == 0)
        {
            paragraph.Append(TextFit.Truncate(empty, innerWidth, unicode), DimStyle);
        }
        else
        {
            var shown = items.Count <= innerHeight ? items.Count : innerHeight - 1;
            var lines = items.Take(shown).Select(item => TextFit.Truncate(item, innerWidth, unicode)).ToList();
            if (shown < items.Count)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"… {items.Count - shown} more"));
            }

            paragraph.Append(string.Join('\n', lines));
        }

        return Boxed(TextFit.Truncate(title, Math.Max(1, width - 4), unicode), paragraph, height, unicode);
    }

    private static Panel TransfersPane(TuiViewModel viewModel, int height, int width, bool unicode)
    {
        var innerWidth = Math.Max(1, width - 4);
        var capacity = Math.Max(1, height - 2);
        var paragraph = new Paragraph();
        var ordered = viewModel.Transfers.Where(t => t.Running).OrderBy(t => t.Id)
            .Concat(viewModel.Transfers.Where(t => !t.Running).OrderByDescending(t => t.Id))
            .Take(capacity)
            .ToList();
        if (ordered.Count == 0)
        {
            paragraph.Append("no transfers yet: get <file> downloads in the background", DimStyle);
        }

        for (var i = 0; i < ordered.Count; i++)
        {
            var row = ordered[i];
            var style = row.State == "failed" ? ErrorStyle : row.State == "done" ? DoneStyle : Style.Plain;
            paragraph.Append(TransferLine.Format(row, innerWidth, unicode) + (i < ordered.Count - 1 ? "\n" : ""), style);
        }

        var running = viewModel.Transfers.Count(t => t.Running);
        var title = string.Create(CultureInfo.InvariantCulture, $" Transfers ({running} running, {viewModel.Transfers.Count - running} finished) ");
        return Boxed(title, paragraph, height, unicode);
    }

    private static Panel CommandBox(TuiViewModel viewModel, int width, bool unicode)
    {
        var innerWidth = Math.Max(4, width - 4);
        var prompt = "> ";
        var text = MaskForDisplay(viewModel.Editor.Text);
        var cursor = viewModel.Editor.Cursor;
        var room = innerWidth - prompt.Length - 1;

        // Scroll the line horizontally so the cursor stays visible.
        var start = Math.Max(0, cursor - room);
        var visible = text[start..Math.Min(text.Length, start + room + 1)];
        var cursorInVisible = cursor - start;
        var paragraph = new Paragraph();
        paragraph.Append(prompt, EchoStyle);
        paragraph.Append(visible[..cursorInVisible]);
        paragraph.Append(cursorInVisible < visible.Length ? visible[cursorInVisible].ToString() : " ", CursorStyle);
        if (cursorInVisible + 1 < visible.Length)
        {
            paragraph.Append(visible[(cursorInVisible + 1)..]);
        }

        var title = viewModel.Running.Count == 0
            ? " Command "
            : $" Command (running: {string.Join(", ", viewModel.Running)}) ";
        return Boxed(TextFit.Truncate(title, Math.Max(1, width - 4), unicode), paragraph, InputHeight, unicode);
    }

    /// <summary>The password of an <c>auth</c> line being typed, shown as stars of the same length.</summary>
    public static string MaskForDisplay(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith("auth ", StringComparison.Ordinal))
        {
            return text;
        }

        var offset = text.Length - trimmed.Length + 5;
        while (offset < text.Length && text[offset] == ' ')
        {
            offset++;
        }

        var userEnd = text.IndexOf(' ', offset);
        if (userEnd < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = userEnd + 1; i < chars.Length; i++)
        {
            if (chars[i] != ' ')
            {
                chars[i] = '*';
            }
        }

        return new string(chars);
    }

    private static Panel Boxed(string title, IRenderable content, int height, bool unicode) =>
        new(content)
        {
            Header = new PanelHeader(Markup.Escape(title)),
            Height = height,
            Expand = true,
            Padding = new Padding(1, 0, 1, 0),
            Border = unicode ? BoxBorder.Rounded : BoxBorder.Ascii,
        };
}
