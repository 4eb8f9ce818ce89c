using FileShare.Protocol.Security;

namespace FileShare.Tracker.Accounts;

/// <summary>One account of credentials.txt.</summary>
/// <param name="UserName">The account name.</param>
/// <param name="Credential">The SCRAM keys the tracker checks proofs against.</param>
/// <param name="PasswordFingerprint">
/// SHA-256 of the plaintext password when the line held one, so a reload can keep the derived keys
/// (and their salt) of an unchanged password instead of running PBKDF2 again; null for hashed lines.
/// </param>
internal sealed record Account(string UserName, ScramCredential Credential, byte[]? PasswordFingerprint);
