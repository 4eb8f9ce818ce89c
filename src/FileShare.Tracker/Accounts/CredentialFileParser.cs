using System.Security.Cryptography;
using System.Text;
using FileShare.Protocol;
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
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                errors.Add(new CredentialLineError(lineNumber, "expected 'username password' separated by one space"));
                continue;
            }

            var user = line[..space];
            var secret = line[(space + 1)..];
            if (secret.Length == 0 || secret.Any(char.IsWhiteSpace))
            {
                errors.Add(new CredentialLineError(lineNumber, "expected exactly two fields, 'username password', separated by one space"));
                continue;
            }

            if (NameRules.CheckExistingUserName(user) is { } userError)
            {
                errors.Add(new CredentialLineError(lineNumber, userError));
                continue;
            }

            if (accounts.ContainsKey(user))
            {
                errors.Add(new CredentialLineError(lineNumber, $"user '{user}' is already defined above; this line is ignored"));
                continue;
            }

            if (secret.StartsWith(ScramCredential.Prefix, StringComparison.Ordinal))
            {
                if (!ScramCredential.TryParse(secret, out var credential, out var error))
                {
                    errors.Add(new CredentialLineError(lineNumber, error ?? "malformed hashed password"));
                    continue;
                }

                if (credential!.Iterations < ProtocolLimits.MinScramIterations)
                {
                    // Peers refuse such a challenge, so the account could never log in.
                    errors.Add(new CredentialLineError(
                        lineNumber, $"hashed password uses {credential.Iterations} iterations; peers require at least {ProtocolLimits.MinScramIterations}"));
                    continue;
                }

                accounts.Add(user, new Account(user, credential, null));
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
