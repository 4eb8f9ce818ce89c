namespace FileShare.Peer.Core.Commands;

/// <summary>A command's name, argument synopsis and one-line description, for help, hints and completion.</summary>
/// <param name="Name">The command word.</param>
/// <param name="Arguments">Argument synopsis, e.g. <c>&lt;file&gt;</c>.</param>
/// <param name="Description">What it does, in one line.</param>
/// <param name="NeedsLogin">Whether it is refused before <c>auth</c>.</param>
internal sealed record CommandInfo(string Name, string Arguments, string Description, bool NeedsLogin);
