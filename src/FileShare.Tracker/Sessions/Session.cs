using System.Net;

namespace FileShare.Tracker.Sessions;

/// <summary>A logged-in peer: who, where its file server is, its per-login keys, and when it was last heard from.</summary>
internal sealed class Session
{
    private long _lastSeen;

    public Session(string userName, SessionKey key, byte[] token, byte[] ticketKey, string address, int fileServerPort, long lastSeen)
    {
        UserName = userName;
        Key = key;
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
}
