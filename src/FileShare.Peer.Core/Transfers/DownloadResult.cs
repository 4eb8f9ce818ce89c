namespace FileShare.Peer.Core.Transfers;

/// <summary>The outcome of a download and, when it failed, why.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Reason">A one-line explanation for failures.</param>
internal sealed record DownloadResult(DownloadOutcome Outcome, string Reason = "");
