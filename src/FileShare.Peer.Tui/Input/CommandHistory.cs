namespace FileShare.Peer.Tui.Input;

/// <summary>Lines entered before, browsed with Up and Down; the line being typed is kept as a draft.</summary>
internal sealed class CommandHistory
{
    public const int Capacity = 200;
    private readonly List<string> _entries = [];
    private int _position;
    private string _draft = "";

    public IReadOnlyList<string> Entries => _entries;

    /// <summary>Puts lines from an earlier run before the current ones (oldest first), without browsing state.</summary>
    public void Preload(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var older = lines.Where(l => l.Length > 0).ToList();
        _entries.InsertRange(0, older);
        if (_entries.Count > Capacity)
        {
            _entries.RemoveRange(0, _entries.Count - Capacity);
        }

        _position = _entries.Count;
    }

    /// <summary>Records a submitted line (not an <c>auth</c> line: the caller filters those) and ends browsing.</summary>
    public void Add(string line)
    {
        if (line.Length > 0 && (_entries.Count == 0 || _entries[^1] != line))
        {
            _entries.Add(line);
            if (_entries.Count > Capacity)
            {
                _entries.RemoveAt(0);
            }
        }

        _position = _entries.Count;
        _draft = "";
    }

    /// <summary>The older entry, or null at the oldest. The first step saves <paramref name="current"/> as the draft.</summary>
    public string? Previous(string current)
    {
        if (_position == 0)
        {
            return null;
        }

        if (_position == _entries.Count)
        {
            _draft = current;
        }

        _position--;
        return _entries[_position];
    }

    /// <summary>The newer entry, the draft past the newest, or null when not browsing.</summary>
    public string? Next()
    {
        if (_position >= _entries.Count)
        {
            return null;
        }

        _position++;
        return _position == _entries.Count ? _draft : _entries[_position];
    }
}
