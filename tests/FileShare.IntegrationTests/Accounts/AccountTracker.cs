using FileShare.IntegrationTests.Infrastructure;

namespace FileShare.IntegrationTests.Accounts;

/// <summary>Starts real trackers for the account tests, with a credentials file that has comments to keep.</summary>
internal static class AccountTracker
{
    /// <summary>credentials.txt as the tests write it: comments, a blank line, CRLF and LF endings, plaintext accounts.</summary>
    public const string Credentials = "# Test accounts\nhans falcon*solo\n\n  # maria's line ends in CRLF\r\nmaria wise@!man\r\n# last comment\n";

    public static readonly IReadOnlyDictionary<string, string> RegistrationOn =
        new Dictionary<string, string> { ["FILESHARE_Tracker__AllowRegistration"] = "true" };

    public static Task<TrackerProcess> StartAsync(bool allowRegistration = true) =>
        TrackerProcess.StartAsync(new TrackerProcessOptions
        {
            CredentialsText = Credentials,
            Environment = allowRegistration ? RegistrationOn : new Dictionary<string, string>(),
        });
}
