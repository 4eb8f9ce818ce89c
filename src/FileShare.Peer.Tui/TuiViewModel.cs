using FileShare.Peer.Core.Commands;
using FileShare.Peer.Tui.Input;
using FileShare.Peer.Tui.Peer;

namespace FileShare.Peer.Tui;

/// <summary>
/// Everything the screen shows. The controller changes it on the UI thread only (background work posts its
/// changes); the views read it after each change and on each tick.
/// </summary>
internal sealed class TuiViewModel
{
    public const int MaxOutputLines = 5000;
    private readonly List<OutputEntry> _output = [];
    private readonly SortedSet<string> _knownNames = new(StringComparer.Ordinal);

    public IReadOnlyList<OutputEntry> Output => _output;

    /// <summary>Counts every line ever appended, so a view can tell new lines from old after the oldest are dropped.</summary>
    public long Appended { get; private set; }

    public CommandHistory History { get; } = new();

    public PeerStatus? Status { get; set; }

    public ConnectionState Connection { get; set; }

    /// <summary>Active peers from the last refresh, or null when not known (logged out).</summary>
    public IReadOnlyList<ActivePeer>? ActivePeers { get; set; }

    public IReadOnlyList<string> MyPublications { get; set; } = [];

    /// <summary>The text of the last <c>sch</c>, or null before any.</summary>
    public string? SearchQuery { get; set; }

    public IReadOnlyList<string> SearchResults { get; private set; } = [];

    /// <summary>The last search results first, then every other name a search found this session (for <c>get</c>).</summary>
    public IReadOnlyList<string> KnownNames => [.. SearchResults, .. _knownNames.Where(n => !SearchResults.Contains(n))];

    public IReadOnlyList<TransferRow> Transfers { get; set; } = [];

    /// <summary>Echoes of the commands still running.</summary>
    public List<string> Running { get; } = [];

    /// <summary>Set when the UI should close (after <c>xit</c>, Ctrl+Q or a confirmed Ctrl+C).</summary>
    public bool ExitRequested { get; set; }

    public int RunningTransfers => Transfers.Count(t => t.Running && t.Kind != TransferRowKind.Hashing);

    public void SetSearchResults(string query, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        SearchQuery = query;
        SearchResults = names;
        _knownNames.UnionWith(names);
    }

    public void Append(OutputEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _output.Add(entry);
        Appended++;
        if (_output.Count > MaxOutputLines)
        {
            _output.RemoveRange(0, _output.Count - MaxOutputLines);
        }
    }

    /// <summary>Appends a command's echo and its output lines.</summary>
    public void AppendResult(string maskedLine, IReadOnlyList<OutputLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Append(new OutputEntry($"> {maskedLine}", OutputKind.Normal, IsEcho: true));
        foreach (var line in lines)
        {
            Append(new OutputEntry(line.Text, line.Kind));
        }
    }
}
