namespace FileShare.Tracker.Accounts;

/// <summary>The parsed content of credentials.txt: the accounts and the lines that were skipped.</summary>
/// <param name="Accounts">Accounts by user name (ordinal).</param>
/// <param name="Errors">Malformed lines, in file order.</param>
internal sealed record CredentialFile(IReadOnlyDictionary<string, Account> Accounts, IReadOnlyList<CredentialLineError> Errors);
