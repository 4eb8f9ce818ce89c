namespace FileShare.Tracker.Accounts;

/// <summary>A line of credentials.txt that was skipped, and why.</summary>
/// <param name="LineNumber">1-based line number.</param>
/// <param name="Reason">What is wrong with it.</param>
internal sealed record CredentialLineError(int LineNumber, string Reason);
