namespace FileShare.Peer.Tui.Input;

/// <summary>Where argument completions come from.</summary>
/// <param name="LocalFiles">Files in the share folder (for <c>pub</c>, <c>ren</c>, <c>rm</c>).</param>
/// <param name="MyPublications">This user's publications (for <c>unp</c>, <c>ren</c>, <c>rm</c>).</param>
/// <param name="KnownNames">The last search results first, then every name seen this session (for <c>get</c>).</param>
internal sealed record CompletionSources(
    Func<IReadOnlyList<string>> LocalFiles,
    Func<IReadOnlyList<string>> MyPublications,
    Func<IReadOnlyList<string>> KnownNames);
