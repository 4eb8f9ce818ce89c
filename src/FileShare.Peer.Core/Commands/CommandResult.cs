using FileShare.Protocol.Messages;

namespace FileShare.Peer.Core.Commands;

/// <summary>What a command printed, and whether the peer should exit now.</summary>
/// <param name="Lines">Output lines in order.</param>
/// <param name="Exit">True after <c>xit</c>.</param>
internal sealed record CommandResult(IReadOnlyList<OutputLine> Lines, bool Exit = false)
{
    /// <summary>What a listing command (lpf, lap, sch) found, in the printed order; null for other commands and failures.</summary>
    public IReadOnlyList<string>? Items { get; init; }

    /// <summary>The peers with their addresses after <c>lap -a</c>; null otherwise.</summary>
    public IReadOnlyList<PeerEntry>? Peers { get; init; }

    /// <summary>Why the command failed, or <see cref="CommandFailure.None"/>.</summary>
    public CommandFailure Failure { get; init; }

    public static CommandResult Of(string text) => new([new OutputLine(text)]);

    public static CommandResult Error(string text, CommandFailure failure = CommandFailure.Refused) =>
        new([new OutputLine(text, OutputKind.Error)]) { Failure = failure };
}
