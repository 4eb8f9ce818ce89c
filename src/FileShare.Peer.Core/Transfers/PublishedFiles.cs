using System.Collections.Concurrent;

namespace FileShare.Peer.Core.Transfers;

/// <summary>The names this peer publishes, which its file server is willing to serve.</summary>
internal sealed class PublishedFiles
{
    private readonly ConcurrentDictionary<string, byte> _names = new(StringComparer.Ordinal);

    public bool Contains(string name) => _names.ContainsKey(name);

    public void Add(string name) => _names[name] = 0;

    public void Remove(string name) => _names.TryRemove(name, out _);

    public void ReplaceAll(IEnumerable<string> names)
    {
        _names.Clear();
        foreach (var name in names)
        {
            _names[name] = 0;
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        var list = _names.Keys.ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}
