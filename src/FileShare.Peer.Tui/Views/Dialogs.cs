using System.Collections.ObjectModel;
using FileShare.Peer.Core.Commands;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace FileShare.Peer.Tui.Views;

/// <summary>The modal dialogs: help (F1) and the share-folder file picker of a bare <c>pub</c>.</summary>
internal static class Dialogs
{
    /// <summary>The keys, as the help dialog lists them after the commands.</summary>
    public static readonly string Keys = string.Join(
        '\n',
        "Enter runs the command   Tab completes   Up/Down history   PgUp/PgDn or the wheel scroll the output",
        "Ctrl+A/E start/end   Ctrl+U/K cut before/after   Ctrl+W cut word   Alt+B/F word back/forward",
        "F2 search results (Enter gets the file)   F3 transfers (Delete cancels)   Esc back to the command",
        "Ctrl+Q or xit quit   Ctrl+C twice quits (asks while transfers run)",
        "The mouse scrolls and clicks here; hold Shift while dragging to select text in the terminal.");

    /// <summary>The text of the help dialog: every command with its synopsis, then the keys.</summary>
    public static string HelpText() => string.Join('\n', HelpLines(int.MaxValue));

    /// <summary>The help as lines of at most <paramref name="width"/> cells: a description that does not fit goes under its command.</summary>
    public static IReadOnlyList<string> HelpLines(int width)
    {
        var synopsisWidth = CommandCatalog.All.Max(c => (c.Name + " " + c.Arguments).Length);
        var lines = new List<string>();
        foreach (var command in CommandCatalog.All)
        {
            var synopsis = (command.Name + " " + command.Arguments).TrimEnd();
            var oneLine = $"{synopsis.PadRight(synopsisWidth)}  {command.Description}";
            if (oneLine.Length <= width)
            {
                lines.Add(oneLine);
            }
            else
            {
                lines.Add(synopsis);
                lines.AddRange(Wrap("    " + command.Description, width, "    "));
            }
        }

        lines.Add("");
        foreach (var line in Keys.Split('\n'))
        {
            lines.AddRange(Wrap(line, width, "  "));
        }

        return lines;
    }

    public static void ShowHelp(IApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var screenWidth = app.Driver?.Cols ?? 80;
        using var dialog = new Dialog { Title = "Help (arrows and PgUp/PgDn scroll)", Width = Dim.Percent(95), Height = Dim.Percent(90) };

        // A list scrolls with the keys and the wheel, which a long label in a short terminal cannot.
        var lines = HelpLines(Math.Max(20, (screenWidth * 95 / 100) - 4));
        var text = new ListView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        text.SetSource(new ObservableCollection<string>(lines));
        dialog.Add(text);
        dialog.AddButton(new Button { Text = "_OK", IsDefault = true });
        app.Invoke(() => text.SetFocus());
        app.Run(dialog);
    }

    private static IEnumerable<string> Wrap(string text, int width, string indent)
    {
        var prefix = "";
        var rest = text;
        while ((prefix + rest).Length > width && width > prefix.Length + 10)
        {
            var room = width - prefix.Length;
            var space = rest.LastIndexOf(' ', room);
            var cut = space > 0 ? space : room;
            yield return prefix + rest[..cut];
            rest = rest[cut..].TrimStart();
            prefix = indent;
        }

        yield return prefix + rest;
    }

    /// <summary>Lets the user choose one of <paramref name="files"/>; null when cancelled.</summary>
    public static string? PickFile(IApplication app, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(files);
        string? chosen = null;
        using var dialog = new Dialog { Title = "Publish a file from the share folder", Width = Dim.Percent(80), Height = Dim.Percent(80) };
        var list = new ListView { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        list.SetSource(new ObservableCollection<string>(files));
        list.SelectedItem = 0;
        list.KeyDown += (_, key) =>
        {
            if (key == Key.Enter && list.SelectedItem is { } index && index >= 0 && index < files.Count)
            {
                chosen = files[index];
                key.Handled = true;
                dialog.RequestStop();
            }
        };
        dialog.Add(list);
        var publish = new Button { Text = "_Publish", IsDefault = true };
        publish.Accepting += (_, args) =>
        {
            if (list.SelectedItem is { } index && index >= 0 && index < files.Count)
            {
                chosen = files[index];
            }

            args.Handled = true;
            dialog.RequestStop();
        };
        dialog.AddButton(publish);
        dialog.AddButton(new Button { Text = "_Cancel" });
        // Queued for the dialog's own loop: the dialog focuses a button when it starts, the list should have it.
        app.Invoke(() => list.SetFocus());
        app.Run(dialog);
        return chosen;
    }
}
