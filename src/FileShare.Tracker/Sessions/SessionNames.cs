namespace FileShare.Tracker.Sessions;

/// <summary>Hands the user names of sessions on to a name sink (lap's name-only form).</summary>
internal sealed class SessionNames(INameSink names) : ISessionSink
{
    public bool TryAdd(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return names.TryAdd(session.UserName);
    }
}
