namespace FileShare.Peer.Tui.Peer;

/// <summary>What the status bar shows, read from the core at one instant.</summary>
/// <param name="UserName">The logged-in user, or null.</param>
/// <param name="TrackerName">How to name the tracker (address and port).</param>
/// <param name="RoundTrip">Round-trip time of the last answered request, or null before any.</param>
/// <param name="SinceLastReply">Time since the tracker was last heard from, or null when never.</param>
/// <param name="HeartbeatInterval">The heartbeat interval the tracker asked for (a default before login).</param>
/// <param name="ShareFolder">The share folder's path.</param>
/// <param name="FileServerPort">TCP port of the file server.</param>
/// <param name="TrackerBusy">True while a request is waiting out the tracker's Busy answers.</param>
internal sealed record PeerStatus(
    string? UserName,
    string TrackerName,
    TimeSpan? RoundTrip,
    TimeSpan? SinceLastReply,
    TimeSpan HeartbeatInterval,
    string ShareFolder,
    int FileServerPort,
    bool TrackerBusy = false);
