namespace FileShare.Peer.Tui.Input;

/// <summary>What Tab did: the new line and cursor, and the candidates to show when it was ambiguous.</summary>
/// <param name="Text">The line after completion.</param>
/// <param name="Cursor">The cursor after completion.</param>
/// <param name="Candidates">All matches when more than one remains, else empty.</param>
internal sealed record CompletionResult(string Text, int Cursor, IReadOnlyList<string> Candidates);
