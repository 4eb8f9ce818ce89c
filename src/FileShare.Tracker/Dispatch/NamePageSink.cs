using FileShare.Protocol.Messages;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Dispatch;

/// <summary>Puts names (lpf, sch) or the user names of sessions (lap) on a name-list page.</summary>
internal sealed class NamePageSink(ReplyPageWriter page) : INameSink, ISessionSink
{
    public bool TryAdd(string name) => page.TryAddName(name);

    public bool TryAdd(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return page.TryAddName(session.UserName);
    }
}
