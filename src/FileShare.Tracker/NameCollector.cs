namespace FileShare.Tracker;

/// <summary>Collects every name it is given: the list form of a paged query, for tools and tests.</summary>
internal sealed class NameCollector : INameSink
{
    public List<string> Names { get; } = [];

    public bool TryAdd(string name)
    {
        Names.Add(name);
        return true;
    }
}
