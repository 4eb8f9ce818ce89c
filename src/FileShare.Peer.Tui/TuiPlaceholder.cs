namespace FileShare.Peer.Tui;

internal static class TuiPlaceholder
{
}
