namespace FileShare.Protocol.Security;

/// <summary>The keys a client derives from a password (RFC 5802, section 3).</summary>
/// <param name="SaltedPassword">Hi(password, salt, i).</param>
/// <param name="ClientKey">HMAC(SaltedPassword, "Client Key").</param>
/// <param name="StoredKey">H(ClientKey).</param>
/// <param name="ServerKey">HMAC(SaltedPassword, "Server Key").</param>
public sealed record ScramKeys(byte[] SaltedPassword, byte[] ClientKey, byte[] StoredKey, byte[] ServerKey);
