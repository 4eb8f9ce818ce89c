using FileShare.Protocol.Security;

namespace FileShare.Peer.Core.Tracker;

/// <summary>
/// Signs one login's datagrams (PROTOCOL.md §5): its token, the keys derived at login, and the counter every new
/// datagram takes. A retransmission resends the same bytes, so it keeps its counter. Thread-safe.
/// </summary>
internal sealed class SessionSigner
{
    private long _counter;

    public SessionSigner(byte[] token, SessionKeys keys)
    {
        Token = token;
        Keys = keys;
    }

    /// <summary>The session token, carried in every signed datagram.</summary>
    public byte[] Token { get; }

    /// <summary>The keys: requests are signed with the request key, replies checked with the reply key.</summary>
    public SessionKeys Keys { get; }

    /// <summary>The counter of the next new datagram: 1, 2, 3, ...</summary>
    public long NextCounter() => Interlocked.Increment(ref _counter);
}
