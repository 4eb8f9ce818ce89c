namespace FileShare.Peer.Tui;

/// <summary>How the tracker looks from here, as the status bar shows it.</summary>
internal enum ConnectionState
{
    /// <summary>Never heard from, or silent for long.</summary>
    Offline,

    /// <summary>Logged in but the tracker has been silent for a while; the core keeps retrying and logs in again.</summary>
    Reconnecting,

    /// <summary>Answering.</summary>
    Online,

    /// <summary>Answering, but refusing requests for load (Busy); the core waits and sends them again.</summary>
    Busy,
}
