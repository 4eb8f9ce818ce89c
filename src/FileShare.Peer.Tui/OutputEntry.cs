using FileShare.Peer.Core.Commands;

namespace FileShare.Peer.Tui;

/// <summary>One line of the output pane.</summary>
/// <param name="Text">The text, exactly as the command printed it (or the masked echo).</param>
/// <param name="Kind">Errors are drawn in red.</param>
/// <param name="IsEcho">True for the echoed command line.</param>
internal sealed record OutputEntry(string Text, OutputKind Kind = OutputKind.Normal, bool IsEcho = false);
