namespace FileShare.Peer.Core.Commands;

/// <summary>One line of command output.</summary>
/// <param name="Text">The exact text (the plain mode prints it as is).</param>
/// <param name="Kind">How to show it.</param>
internal sealed record OutputLine(string Text, OutputKind Kind = OutputKind.Normal);
