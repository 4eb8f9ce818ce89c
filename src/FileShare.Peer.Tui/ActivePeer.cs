namespace FileShare.Peer.Tui;

/// <summary>An active peer as the side pane lists it.</summary>
/// <param name="UserName">The user.</param>
/// <param name="Address">Its file server's address and port, or null when only the name is known.</param>
internal sealed record ActivePeer(string UserName, string? Address);
