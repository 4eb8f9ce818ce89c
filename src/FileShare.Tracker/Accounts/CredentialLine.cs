using FileShare.Protocol;
using FileShare.Protocol.Security;

namespace FileShare.Tracker.Accounts;

/// <summary>
/// The rules for one line of credentials.txt, shared by the parser (which loads accounts) and the editor (which must
/// change exactly the line the parser takes as an account's definition).
/// </summary>
internal static class CredentialLine
{
    /// <summary>Classifies one line (without its line break). For account lines, <paramref name="user"/> and <paramref name="secret"/> are set.</summary>
    public static CredentialLineKind Classify(string rawLine, out string user, out string secret, out ScramCredential? hashed, out string? error)
    {
        ArgumentNullException.ThrowIfNull(rawLine);
        user = string.Empty;
        secret = string.Empty;
        hashed = null;
        error = null;
        var line = rawLine.Trim();
        if (line.Length == 0 || line[0] == '#')
        {
            return CredentialLineKind.Ignored;
        }

        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            error = "expected 'username password' separated by one space";
            return CredentialLineKind.Malformed;
        }

        var name = line[..space];
        var rest = line[(space + 1)..];
        if (rest.Length == 0 || rest.Any(char.IsWhiteSpace))
        {
            error = "expected exactly two fields, 'username password', separated by one space";
            return CredentialLineKind.Malformed;
        }

        if (NameRules.CheckExistingUserName(name) is { } userError)
        {
            error = userError;
            return CredentialLineKind.Malformed;
        }

        if (rest.StartsWith(ScramCredential.Prefix, StringComparison.Ordinal))
        {
            if (!ScramCredential.TryParse(rest, out hashed, out var hashError))
            {
                error = hashError ?? "malformed hashed password";
                return CredentialLineKind.Malformed;
            }

            if (hashed!.Iterations < ProtocolLimits.MinScramIterations)
            {
                // Peers refuse such a challenge, so the account could never log in.
                error = $"hashed password uses {hashed.Iterations} iterations; peers require at least {ProtocolLimits.MinScramIterations}";
                hashed = null;
                return CredentialLineKind.Malformed;
            }
        }

        user = name;
        secret = rest;
        return CredentialLineKind.Account;
    }

    /// <summary>The text of an account line in the hashed form (never a plaintext password).</summary>
    public static string Format(string user, ScramCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return user + " " + credential.Format();
    }
}
