namespace FileShare.Tracker.Publications;

/// <summary>Takes publications in order, one reply page's worth (get's candidates), without a list or an iterator.</summary>
internal interface IPublicationSink
{
    /// <summary>Takes the next publication (or skips it); false when the page is full, which stops the producer.</summary>
    bool TryAdd(Publication publication);
}
