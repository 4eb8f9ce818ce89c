namespace FileShare.Peer.Tui;

/// <summary>How often the UI does things.</summary>
/// <param name="Tick">Re-read progress and status (and redraw what changed).</param>
/// <param name="PeerRefresh">Ask the tracker for the active peers while logged in.</param>
/// <param name="QuitTimeout">How long quitting waits for <c>xit</c> to tell the tracker.</param>
/// <param name="CtrlCWindow">A second Ctrl+C within this time quits.</param>
internal sealed record TuiTimings(TimeSpan Tick, TimeSpan PeerRefresh, TimeSpan QuitTimeout, TimeSpan CtrlCWindow)
{
    public static TuiTimings Default { get; } = new(
        TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2));
}
