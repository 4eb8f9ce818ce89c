namespace FileShare.Peer.Core.Files;

/// <summary>A file's size, modification time and SHA-256 at the moment it was hashed.</summary>
/// <param name="Size">Size in bytes.</param>
/// <param name="LastWriteUtcTicks">Last write time, UTC ticks.</param>
/// <param name="Sha256">The content hash.</param>
internal sealed record FileFingerprint(long Size, long LastWriteUtcTicks, byte[] Sha256);
