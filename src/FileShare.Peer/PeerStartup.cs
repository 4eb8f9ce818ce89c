using FileShare.Peer.Core.Unattended;

namespace FileShare.Peer;

/// <summary>What the command line asked for.</summary>
/// <param name="TrackerHost">Tracker host, or null for discovery.</param>
/// <param name="TrackerPort">Tracker UDP port.</param>
/// <param name="ShareDirectory">The share folder.</param>
/// <param name="FileServerPort">File server TCP port, 0 for ephemeral.</param>
/// <param name="Plain">Plain line mode rather than the terminal UI.</param>
/// <param name="Serve">With <c>--serve</c>: run unattended with these settings (no terminal, no commands).</param>
internal sealed record PeerStartup(string? TrackerHost, int TrackerPort, string ShareDirectory, int FileServerPort, bool Plain, UnattendedSettings? Serve = null);
