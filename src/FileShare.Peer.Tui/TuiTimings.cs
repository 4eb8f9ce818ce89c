namespace FileShare.Peer.Tui;

/// <summary>How often the UI does things.</summary>
/// <param name="Tick">Redraw and re-read progress and status.</param>
/// <param name="PeerRefresh">Ask the tracker for the active peers while logged in.</param>
/// <param name="KeyPoll">Longest wait for a key before looking at everything else.</param>
/// <param name="QuitTimeout">How long Ctrl+C waits for <c>xit</c> to tell the tracker.</param>
internal sealed record TuiTimings(TimeSpan Tick, TimeSpan PeerRefresh, TimeSpan KeyPoll, TimeSpan QuitTimeout)
{
    public static TuiTimings Default { get; } = new(
        TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(3));
}
