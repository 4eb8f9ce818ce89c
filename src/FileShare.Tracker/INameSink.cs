namespace FileShare.Tracker;

/// <summary>Takes names in order, one reply page's worth: how the index hands out lpf and sch results without a list or an iterator.</summary>
internal interface INameSink
{
    /// <summary>Takes the next name; false when it has no room for it (the page is full), which stops the producer.</summary>
    bool TryAdd(string name);
}
