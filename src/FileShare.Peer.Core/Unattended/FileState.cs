namespace FileShare.Peer.Core.Unattended;

/// <summary>A file of the share folder as a scan saw it: what tells a changed or renamed file apart.</summary>
internal readonly record struct FileState(long Size, DateTime LastWriteUtc);
