namespace FileShare.Tracker.Sessions;

/// <summary>A logged-in peer: who, where its file server is, its per-login keys, and when it was last heard from.</summary>
internal sealed class Session
{
    public Session(string userName, SessionKey key, byte[] token, byte[] ticketKey, string address, int fileServerPort, DateTimeOffset lastSeen)
    {
        UserName = userName;
        Key = key;
        Token = token;
        TicketKey = ticketKey;
        Address = address;
        FileServerPort = fileServerPort;
        LastSeen = lastSeen;
    }

    public string UserName { get; }

    public SessionKey Key { get; }

    public byte[] Token { get; }

    /// <summary>The key this login's download tickets are signed with; new at every login.</summary>
    public byte[] TicketKey { get; }

    /// <summary>The IP address the login came from (IPv4-mapped addresses in dotted IPv4 form).</summary>
    public string Address { get; }

    public int FileServerPort { get; }

    public DateTimeOffset LastSeen { get; set; }
}
