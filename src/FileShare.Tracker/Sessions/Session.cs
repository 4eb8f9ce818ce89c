using System.Net;
using FileShare.Protocol.Security;

namespace FileShare.Tracker.Sessions;

/// <summary>A logged-in peer: who, where its file server is, its per-login keys, and when it was last heard from.</summary>
internal sealed class Session
{
    private long _lastSeen;
    private long _highestCounterHeard;
    private IPEndPoint? _lastEndpoint;

    public Session(string userName, SessionKey key, byte[] token, SessionKeys keys, byte[] ticketKey, string address, int fileServerPort, long lastSeen)
    {
        UserName = userName;
        Key = key;
        Keys = keys;
        Token = token;
        TicketKey = ticketKey;
        Address = address;
        ParsedAddress = IPAddress.TryParse(address, out var parsed) ? parsed : null;
        IsLoopback = ParsedAddress is not null && IPAddress.IsLoopback(ParsedAddress);
        FileServerPort = fileServerPort;
        _lastSeen = lastSeen;
    }

    public string UserName { get; }

    public SessionKey Key { get; }

    public byte[] Token { get; }

    /// <summary>The keys that sign this session's datagrams (PROTOCOL.md §10.6).</summary>
    public SessionKeys Keys { get; }

    /// <summary>The counters of the signed requests that have run, so none runs twice.</summary>
    public ReplayWindow Requests { get; } = new();

    /// <summary>Where the session's last fresh request came from: the only endpoint a retransmitted read is answered at.</summary>
    public IPEndPoint? LastEndpoint
    {
        get => Volatile.Read(ref _lastEndpoint);
        set => Volatile.Write(ref _lastEndpoint, value);
    }

    /// <summary>The key this login's download tickets are signed with; new at every login.</summary>
    public byte[] TicketKey { get; }

    /// <summary>The IP address the login came from (IPv4-mapped addresses in dotted IPv4 form).</summary>
    public string Address { get; }

    /// <summary><see cref="Address"/> parsed once at login (null if it is not an IP address).</summary>
    public IPAddress? ParsedAddress { get; }

    /// <summary>Whether the login came from the tracker's own host.</summary>
    public bool IsLoopback { get; }

    public int FileServerPort { get; }

    /// <summary>When the session was last heard from (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
    /// <remarks>Written by the receive thread on every datagram, read by request and sweep code: atomic, never going back.</remarks>
    public long LastSeen => Volatile.Read(ref _lastSeen);

    /// <summary>Marks the session heard from at <paramref name="timestamp"/> (a later time only).</summary>
    public void Heard(long timestamp) => AtomicMax.Raise(ref _lastSeen, timestamp);

    /// <summary>
    /// Marks the session heard from for a signed datagram whose MAC was checked, but only when its counter is the
    /// highest yet: a replayed datagram, or a retransmission, proves nothing about the peer being alive now. Lock-free.
    /// </summary>
    public bool HeardSigned(long counter, long timestamp)
    {
        if (!AtomicMax.Raise(ref _highestCounterHeard, counter))
        {
            return false;
        }

        Heard(timestamp);
        return true;
    }
}
