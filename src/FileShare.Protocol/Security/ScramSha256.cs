using System.Security.Cryptography;
using System.Text;

namespace FileShare.Protocol.Security;

/// <summary>
/// The SCRAM-SHA-256 computations of RFC 5802 / RFC 7677, without GS2 channel binding (the GS2
/// header is always <c>n,,</c>). Both tracker and peer use these, so the messages match byte for byte.
/// </summary>
public static class ScramSha256
{
    /// <summary>Iterations used for new credentials (the RFC 7677 minimum).</summary>
    public const int DefaultIterations = 4096;

    private static readonly byte[] ClientKeyLabel = Encoding.ASCII.GetBytes("Client Key");
    private static readonly byte[] ServerKeyLabel = Encoding.ASCII.GetBytes("Server Key");

    /// <summary>Derives SaltedPassword, ClientKey, StoredKey and ServerKey.</summary>
    public static ScramKeys DeriveKeys(string password, byte[] salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(salt);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, ClientKeyLabel);
        var storedKey = SHA256.HashData(clientKey);
        var serverKey = HMACSHA256.HashData(salted, ServerKeyLabel);
        return new ScramKeys(salted, clientKey, storedKey, serverKey);
    }

    /// <summary>A fresh printable nonce (base64 of 18 random bytes; never contains a comma).</summary>
    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    /// <summary>
    /// The AuthMessage: client-first-message-bare + "," + server-first-message + "," + client-final-message-without-proof.
    /// </summary>
    public static string AuthMessage(string userName, string clientNonce, string combinedNonce, byte[] salt, int iterations) =>
        $"n={EscapeUserName(userName)},r={clientNonce}," +
        $"r={combinedNonce},s={Convert.ToBase64String(salt)},i={iterations.ToString(System.Globalization.CultureInfo.InvariantCulture)}," +
        $"c=biws,r={combinedNonce}";

    /// <summary>ClientProof = ClientKey XOR HMAC(StoredKey, AuthMessage).</summary>
    public static byte[] ClientProof(ScramKeys keys, string authMessage)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var signature = HMACSHA256.HashData(keys.StoredKey, Encoding.UTF8.GetBytes(authMessage));
        return Xor(keys.ClientKey, signature);
    }

    /// <summary>ServerSignature = HMAC(ServerKey, AuthMessage).</summary>
    public static byte[] ServerSignature(byte[] serverKey, string authMessage) =>
        HMACSHA256.HashData(serverKey, Encoding.UTF8.GetBytes(authMessage));

    /// <summary>Checks a client proof against the StoredKey, in constant time.</summary>
    public static bool VerifyClientProof(byte[] storedKey, string authMessage, ReadOnlySpan<byte> clientProof) =>
        RecoverClientKey(storedKey, authMessage, clientProof) is not null;

    /// <summary>
    /// The ClientKey a correct proof carries (ClientProof XOR HMAC(StoredKey, AuthMessage)), or null when the proof is
    /// wrong (checked in constant time). The tracker derives the session keys from it (PROTOCOL.md §10.6).
    /// </summary>
    public static byte[]? RecoverClientKey(byte[] storedKey, string authMessage, ReadOnlySpan<byte> clientProof)
    {
        ArgumentNullException.ThrowIfNull(storedKey);
        if (clientProof.Length != storedKey.Length)
        {
            return null;
        }

        var signature = HMACSHA256.HashData(storedKey, Encoding.UTF8.GetBytes(authMessage));
        var clientKey = Xor(clientProof, signature);
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(clientKey), storedKey) ? clientKey : null;
    }

    /// <summary>
    /// The message a password-change proof signs: it binds the user, the tracker's nonce and the new keys,
    /// so a captured proof cannot be replayed or attached to other keys.
    /// </summary>
    public static string ChangePasswordMessage(string userName, string nonce, byte[] newStoredKey, byte[] newServerKey) =>
        $"passwd,n={EscapeUserName(userName)},r={nonce},k={Convert.ToBase64String(newStoredKey)},s={Convert.ToBase64String(newServerKey)}";

    /// <summary>Escapes '=' and ',' in a user name as RFC 5802 requires.</summary>
    public static string EscapeUserName(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return userName.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);
    }

    private static byte[] Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var result = new byte[a.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (byte)(a[i] ^ b[i]);
        }

        return result;
    }
}
