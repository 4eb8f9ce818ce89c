using System.Globalization;

namespace FileShare.Protocol.Security;

/// <summary>
/// What a tracker stores for an account: the SCRAM-SHA-256 salt, iteration count, StoredKey and ServerKey.
/// Its text form is <c>scram-sha-256$ITER$SALT$STOREDKEY$SERVERKEY</c> with base64 parts.
/// </summary>
/// <param name="Salt">PBKDF2 salt.</param>
/// <param name="Iterations">PBKDF2 iteration count.</param>
/// <param name="StoredKey">H(ClientKey).</param>
/// <param name="ServerKey">HMAC(SaltedPassword, "Server Key").</param>
public sealed record ScramCredential(byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey)
{
    /// <summary>The prefix of the hashed form.</summary>
    public const string Prefix = "scram-sha-256$";

    /// <summary>Derives the credential for <paramref name="password"/> with a new random salt.</summary>
    public static ScramCredential Create(string password, int iterations = ScramSha256.DefaultIterations)
    {
        var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(ProtocolLimits.SaltBytes);
        return FromPassword(password, salt, iterations);
    }

    /// <summary>Derives the credential for <paramref name="password"/> with the given salt.</summary>
    public static ScramCredential FromPassword(string password, byte[] salt, int iterations)
    {
        var keys = ScramSha256.DeriveKeys(password, salt, iterations);
        return new ScramCredential(salt, iterations, keys.StoredKey, keys.ServerKey);
    }

    /// <summary>Formats the credential as <c>scram-sha-256$ITER$SALT$STOREDKEY$SERVERKEY</c>.</summary>
    public string Format() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Prefix}{Iterations}${Convert.ToBase64String(Salt)}${Convert.ToBase64String(StoredKey)}${Convert.ToBase64String(ServerKey)}");

    /// <summary>Parses the hashed form; returns false with a reason when it is malformed.</summary>
    public static bool TryParse(string text, out ScramCredential? credential, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        credential = null;
        error = null;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = "hashed password must start with 'scram-sha-256$'";
            return false;
        }

        var parts = text[Prefix.Length..].Split('$');
        if (parts.Length != 4)
        {
            error = "hashed password needs 4 parts after the prefix: ITER$SALT$STOREDKEY$SERVERKEY";
            return false;
        }

        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1 || iterations > ProtocolLimits.MaxScramIterations)
        {
            error = $"iteration count '{parts[0]}' is not a number from 1 to {ProtocolLimits.MaxScramIterations}";
            return false;
        }

        var salt = TryBase64(parts[1]);
        var stored = TryBase64(parts[2]);
        var server = TryBase64(parts[3]);
        if (salt is null || salt.Length == 0 || salt.Length > ProtocolLimits.MaxBinaryBytes)
        {
            error = "salt is not valid base64 of 1 to 64 bytes";
            return false;
        }

        if (stored is not { Length: ProtocolLimits.Sha256Bytes } || server is not { Length: ProtocolLimits.Sha256Bytes })
        {
            error = "stored key and server key must be base64 of 32 bytes each";
            return false;
        }

        credential = new ScramCredential(salt, iterations, stored, server);
        return true;
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
