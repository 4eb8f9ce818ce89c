namespace FileShare.Peer.Core.Commands;

/// <summary>What a command printed, and whether the peer should exit now.</summary>
/// <param name="Lines">Output lines in order.</param>
/// <param name="Exit">True after <c>xit</c>.</param>
internal sealed record CommandResult(IReadOnlyList<OutputLine> Lines, bool Exit = false)
{
    public static CommandResult Of(string text) => new([new OutputLine(text)]);

    public static CommandResult Error(string text) => new([new OutputLine(text, OutputKind.Error)]);
}
