namespace FileShare.Tracker.Admin;

/// <summary>Where an admin command gets a new password from.</summary>
internal interface IPasswordSource
{
    /// <summary>Reads the new password for <paramref name="userName"/>.</summary>
    /// <exception cref="UserCommandException">No password could be read (exit code 2) or the two entries differ (exit code 1).</exception>
    string ReadNewPassword(string userName);
}
