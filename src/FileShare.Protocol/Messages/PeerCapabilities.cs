namespace FileShare.Protocol.Messages;

/// <summary>Bits of <see cref="AuthStartRequest.Capabilities"/> (PROTOCOL.md §10.1). Unknown bits are ignored.</summary>
[Flags]
public enum PeerCapabilities
{
    /// <summary>A version-1 client: bearer tokens only.</summary>
    None = 0,

    /// <summary>The client signs every datagram after login, and checks the tracker's signatures (PROTOCOL.md §5).</summary>
    SignedSessions = 1,
}
