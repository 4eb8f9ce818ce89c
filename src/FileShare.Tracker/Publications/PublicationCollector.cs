namespace FileShare.Tracker.Publications;

/// <summary>Collects every publication it is given: the list form of a paged query, for tools and tests.</summary>
internal sealed class PublicationCollector : IPublicationSink
{
    public List<Publication> Publications { get; } = [];

    public bool TryAdd(Publication publication)
    {
        Publications.Add(publication);
        return true;
    }
}
