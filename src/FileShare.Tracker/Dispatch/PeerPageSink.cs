using FileShare.Protocol.Messages;
using FileShare.Tracker.Network;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Dispatch;

/// <summary>Puts sessions with the address their requester should use on a peer-list page (lap with addresses).</summary>
internal sealed class PeerPageSink(ReplyPageWriter page, LocalAddressResolver addresses) : ISessionSink
{
    /// <summary>Who asked: decides which address of a peer on the tracker's own host is handed out.</summary>
    public Session Requester { get; set; } = null!;

    public bool TryAdd(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return addresses.AddressFor(session, Requester) is not { } address || page.TryAddPeer(session.UserName, address, session.FileServerPort);
    }
}
