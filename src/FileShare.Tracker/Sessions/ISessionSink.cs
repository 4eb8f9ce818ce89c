namespace FileShare.Tracker.Sessions;

/// <summary>Takes active sessions in user-name order, one reply page's worth (lap), without a list or an iterator.</summary>
internal interface ISessionSink
{
    /// <summary>Takes the next session; false when the page is full, which stops the producer.</summary>
    bool TryAdd(Session session);
}
