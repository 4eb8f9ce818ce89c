using FileShare.Protocol.Messages;
using FileShare.Tracker.Network;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Dispatch;

/// <summary>
/// One thread's page and sinks for the read replies (lpf, sch, lap, get), reused for every request so the read paths
/// allocate nothing. Reads run side by side under the read lock, so each worker thread has its own.
/// </summary>
internal sealed class ReadPages
{
    private readonly SessionRegistry _sessions;
    private readonly LocalAddressResolver _addresses;
    private readonly NamePageSink _names;
    private readonly PeerPageSink _peers;
    private readonly CandidatePageSink _candidates;

    public ReadPages(SessionRegistry sessions, LocalAddressResolver addresses)
    {
        _sessions = sessions;
        _addresses = addresses;
        _names = new NamePageSink(Page);
        _peers = new PeerPageSink(Page, addresses);
        _candidates = new CandidatePageSink(Page, sessions, addresses);
    }

    public ReplyPageWriter Page { get; } = new();

    /// <summary>Whether these pages belong to the tracker of these parts (tests run several trackers on one thread).</summary>
    public bool BelongTo(SessionRegistry sessions, LocalAddressResolver addresses) =>
        ReferenceEquals(_sessions, sessions) && ReferenceEquals(_addresses, addresses);

    /// <summary>An empty page of names.</summary>
    public NamePageSink Names()
    {
        Page.Clear();
        return _names;
    }

    /// <summary>An empty page of peers for <paramref name="requester"/>.</summary>
    public PeerPageSink Peers(Session requester)
    {
        Page.Clear();
        _peers.Requester = requester;
        return _peers;
    }

    /// <summary>An empty page of candidates for <paramref name="requester"/>, with tickets expiring at <paramref name="expiresUnixMs"/>.</summary>
    public CandidatePageSink Candidates(Session requester, long expiresUnixMs)
    {
        Page.Clear();
        _candidates.Requester = requester;
        _candidates.ExpiresUnixMs = expiresUnixMs;
        return _candidates;
    }
}
