namespace FileShare.Peer.Core.Tracker;

/// <summary>What the tracker granted at login.</summary>
/// <param name="UserName">The logged-in user.</param>
/// <param name="Signer">The session token and keys that sign every request.</param>
/// <param name="TicketKey">The key the tracker signs this peer's download tickets with.</param>
/// <param name="HeartbeatInterval">How often to send heartbeats.</param>
/// <param name="SessionTimeout">Silence after which the tracker expires the session.</param>
/// <param name="ObservedAddress">The address the tracker saw this peer at.</param>
internal sealed record SessionInfo(
    string UserName,
    SessionSigner Signer,
    byte[] TicketKey,
    TimeSpan HeartbeatInterval,
    TimeSpan SessionTimeout,
    string ObservedAddress)
{
    /// <summary>The session token carried by every request.</summary>
    public byte[] Token => Signer.Token;
}
