namespace FileShare.Peer.Core.Tracker;

/// <summary>How a login attempt ended.</summary>
public enum LoginOutcome
{
    /// <summary>Logged in; the session is active.</summary>
    Success,

    /// <summary>Unknown user, wrong password, or the user is already active (the tracker does not say which).</summary>
    Refused,

    /// <summary>Too many failures: the tracker asks to wait.</summary>
    Throttled,

    /// <summary>The tracker could not prove it knows the password: it may be an impostor.</summary>
    TrackerNotAuthentic,

    /// <summary>The tracker proved the password but does not sign its sessions (it is older than this peer).</summary>
    TrackerUnsigned,
}
