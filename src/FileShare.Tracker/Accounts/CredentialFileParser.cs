using System.Security.Cryptography;
using System.Text;
using FileShare.Protocol.Security;

namespace FileShare.Tracker.Accounts;

/// <summary>
/// Parses credentials.txt: one account per line, <c>username password</c> or
/// <c>username scram-sha-256$ITER$SALT$STOREDKEY$SERVERKEY</c>, separated by a single space.
/// Lines whose first non-blank character is '#' and blank lines are ignored.
/// </summary>
internal static class CredentialFileParser
{
    /// <summary>Parses <paramref name="text"/>; plaintext passwords unchanged since <paramref name="previous"/> keep their keys.</summary>
    public static CredentialFile Parse(string text, int iterations, IReadOnlyDictionary<string, Account>? previous = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var accounts = new Dictionary<string, Account>(StringComparer.Ordinal);
        var errors = new List<CredentialLineError>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            switch (CredentialLine.Classify(rawLine, out var user, out var secret, out var hashed, out var error))
            {
                case CredentialLineKind.Ignored:
                    continue;
                case CredentialLineKind.Malformed:
                    errors.Add(new CredentialLineError(lineNumber, error!));
                    continue;
            }

            if (accounts.ContainsKey(user))
            {
                errors.Add(new CredentialLineError(lineNumber, $"user '{user}' is already defined above; this line is ignored"));
                continue;
            }

            if (hashed is not null)
            {
                accounts.Add(user, new Account(user, hashed, null));
                continue;
            }

            var fingerprint = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
            if (previous is not null && previous.TryGetValue(user, out var known)
                && known.PasswordFingerprint is not null
                && known.Credential.Iterations == iterations
                && CryptographicOperations.FixedTimeEquals(known.PasswordFingerprint, fingerprint))
            {
                accounts.Add(user, known);
                continue;
            }

            accounts.Add(user, new Account(user, ScramCredential.Create(secret, iterations), fingerprint));
        }

        return new CredentialFile(accounts, errors);
    }
}
