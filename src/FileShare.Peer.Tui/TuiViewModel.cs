using FileShare.Peer.Core.Commands;
using FileShare.Peer.Tui.Input;
using FileShare.Peer.Tui.Peer;

namespace FileShare.Peer.Tui;

/// <summary>
/// Everything the screen shows. The controller and key handling change it on the UI loop; the renderer only
/// reads it (and writes back the output pane's page size, which only it knows).
/// </summary>
internal sealed class TuiViewModel
{
    public const int MaxOutputLines = 5000;
    private readonly List<OutputEntry> _output = [];

    public IReadOnlyList<OutputEntry> Output => _output;

    /// <summary>How many screen rows the output pane is scrolled up from the newest line.</summary>
    public int ScrollOffset { get; set; }

    /// <summary>Rows the output pane showed at the last render (what PgUp/PgDn move by).</summary>
    public int OutputPageRows { get; set; } = 10;

    public LineEditor Editor { get; } = new();

    public CommandHistory History { get; } = new();

    /// <summary>Matches listed after an ambiguous Tab, until the next edit.</summary>
    public IReadOnlyList<string> CompletionCandidates { get; set; } = [];

    public string Hint => CompletionCandidates.Count > 0
        ? $"Matches: {string.Join("  ", CompletionCandidates)}"
        : HintBuilder.For(Editor.Text);

    public PeerStatus? Status { get; set; }

    public ConnectionState Connection { get; set; }

    /// <summary>Active peers from the last refresh, or null when not known (logged out).</summary>
    public IReadOnlyList<string>? ActivePeers { get; set; }

    public IReadOnlyList<string> MyPublications { get; set; } = [];

    /// <summary>The text of the last <c>sch</c>, or null before any.</summary>
    public string? SearchQuery { get; set; }

    public IReadOnlyList<string> SearchResults { get; set; } = [];

    public IReadOnlyList<TransferRow> Transfers { get; set; } = [];

    /// <summary>Echoes of the commands still running.</summary>
    public List<string> Running { get; } = [];

    /// <summary>Set when the UI should close (after <c>xit</c> or Ctrl+C).</summary>
    public bool ExitRequested { get; set; }

    public void Append(OutputEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _output.Add(entry);
        if (_output.Count > MaxOutputLines)
        {
            _output.RemoveRange(0, _output.Count - MaxOutputLines);
        }
    }

    /// <summary>Appends a command's echo and its output lines, and jumps back to the newest line.</summary>
    public void AppendResult(string maskedLine, IReadOnlyList<OutputLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Append(new OutputEntry($"> {maskedLine}", OutputKind.Normal, IsEcho: true));
        foreach (var line in lines)
        {
            Append(new OutputEntry(line.Text, line.Kind));
        }

        ScrollOffset = 0;
    }

    public void PageUp() => ScrollOffset += Math.Max(1, OutputPageRows - 1);

    public void PageDown() => ScrollOffset = Math.Max(0, ScrollOffset - Math.Max(1, OutputPageRows - 1));
}
