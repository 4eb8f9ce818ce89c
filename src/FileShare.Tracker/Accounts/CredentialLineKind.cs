namespace FileShare.Tracker.Accounts;

/// <summary>What one line of credentials.txt is.</summary>
internal enum CredentialLineKind
{
    /// <summary>Blank, or a '#' comment.</summary>
    Ignored,

    /// <summary>A well-formed account line.</summary>
    Account,

    /// <summary>A line the tracker skips with a warning.</summary>
    Malformed,
}
