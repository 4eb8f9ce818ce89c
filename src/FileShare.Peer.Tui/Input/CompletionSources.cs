namespace FileShare.Peer.Tui.Input;

/// <summary>Where argument completions come from.</summary>
/// <param name="LocalFiles">Files in the share folder (for <c>pub</c>).</param>
/// <param name="MyPublications">This user's publications (for <c>unp</c>).</param>
/// <param name="SearchResults">The last search results (for <c>get</c>).</param>
internal sealed record CompletionSources(
    Func<IReadOnlyList<string>> LocalFiles,
    Func<IReadOnlyList<string>> MyPublications,
    Func<IReadOnlyList<string>> SearchResults);
