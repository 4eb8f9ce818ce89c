using FileShare.Peer.Tui.Peer;

namespace FileShare.Peer.Tui;

/// <summary>Derives the connection state from when the tracker last answered.</summary>
internal static class ConnectionStateRule
{
    /// <summary>Silent for longer than this (while logged in) counts as offline rather than reconnecting.</summary>
    public static readonly TimeSpan OfflineAfter = TimeSpan.FromSeconds(20);

    /// <param name="status">The core's figures.</param>
    /// <param name="lastRequestFailed">Whether the latest request ran out of retries.</param>
    /// <param name="refreshInterval">How often the UI itself asks the tracker something while logged in.</param>
    public static ConnectionState Derive(PeerStatus status, bool lastRequestFailed, TimeSpan refreshInterval)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.TrackerBusy)
        {
            // A Busy answer is an answer: the tracker is there, only overloaded.
            return ConnectionState.Busy;
        }

        if (status.SinceLastReply is not { } silence)
        {
            return ConnectionState.Offline;
        }

        if (status.UserName is null)
        {
            // Nothing is sent while logged out, so silence alone means nothing; only a failed request does.
            return lastRequestFailed ? ConnectionState.Offline : ConnectionState.Online;
        }

        // Heartbeats get no answer; the UI's own refresh is what the tracker answers regularly.
        var fresh = (status.HeartbeatInterval * 2) + refreshInterval;
        if (silence <= fresh && !lastRequestFailed)
        {
            return ConnectionState.Online;
        }

        return silence <= OfflineAfter ? ConnectionState.Reconnecting : ConnectionState.Offline;
    }

    public static string Label(ConnectionState state) => state switch
    {
        ConnectionState.Online => "online",
        ConnectionState.Reconnecting => "reconnecting",
        ConnectionState.Busy => "busy",
        _ => "offline",
    };
}
