using System.Security.Cryptography;
using System.Text;

namespace FileShare.Protocol.Security;

/// <summary>
/// The keys of a signed session (PROTOCOL.md §10.6), derived by both ends from the SCRAM login with HKDF-SHA-256 over
/// key material a sniffer never sees (ClientKey and ServerKey), salted with the AuthMessage so every login gets new
/// keys. Requests are signed with <see cref="RequestKey"/>, replies with <see cref="ReplyKey"/>, so a request can
/// never pass for a reply; <see cref="TicketKeyMask"/> hides the ticket key in AuthSuccess.
/// </summary>
/// <param name="RequestKey">Signs peer-to-tracker datagrams.</param>
/// <param name="ReplyKey">Signs tracker-to-peer datagrams.</param>
/// <param name="TicketKeyMask">XORed with the ticket key in a signed AuthSuccess.</param>
public sealed record SessionKeys(byte[] RequestKey, byte[] ReplyKey, byte[] TicketKeyMask)
{
    private static readonly byte[] RequestLabel = Encoding.ASCII.GetBytes("FileShare v2 request MAC");
    private static readonly byte[] ReplyLabel = Encoding.ASCII.GetBytes("FileShare v2 reply MAC");
    private static readonly byte[] TicketLabel = Encoding.ASCII.GetBytes("FileShare v2 ticket key");

    private SessionMacKey? _requestMac;
    private SessionMacKey? _replyMac;

    /// <summary>A reusable MAC context for <see cref="RequestKey"/> (created on first use).</summary>
    public SessionMacKey RequestMac => Volatile.Read(ref _requestMac) ?? CreateMac(ref _requestMac, RequestKey);

    /// <summary>A reusable MAC context for <see cref="ReplyKey"/> (created on first use).</summary>
    public SessionMacKey ReplyMac => Volatile.Read(ref _replyMac) ?? CreateMac(ref _replyMac, ReplyKey);

    /// <summary>
    /// PRK = HKDF-Extract(salt = UTF8(AuthMessage), IKM = ClientKey ‖ ServerKey); each key is
    /// HKDF-Expand(PRK, label, 32).
    /// </summary>
    public static SessionKeys Derive(ReadOnlySpan<byte> clientKey, ReadOnlySpan<byte> serverKey, string authMessage)
    {
        ArgumentNullException.ThrowIfNull(authMessage);
        Span<byte> ikm = stackalloc byte[clientKey.Length + serverKey.Length];
        clientKey.CopyTo(ikm);
        serverKey.CopyTo(ikm[clientKey.Length..]);
        Span<byte> prk = stackalloc byte[32];
        HKDF.Extract(HashAlgorithmName.SHA256, ikm, Encoding.UTF8.GetBytes(authMessage), prk);
        CryptographicOperations.ZeroMemory(ikm);
        var keys = new SessionKeys(Expand(prk, RequestLabel), Expand(prk, ReplyLabel), Expand(prk, TicketLabel));
        CryptographicOperations.ZeroMemory(prk);
        return keys;
    }

    /// <summary>Masks (or unmasks: XOR is its own inverse) a ticket key for AuthSuccess.</summary>
    public byte[] MaskTicketKey(ReadOnlySpan<byte> ticketKey)
    {
        if (ticketKey.Length != TicketKeyMask.Length)
        {
            throw new ArgumentException($"A ticket key has {TicketKeyMask.Length} bytes.", nameof(ticketKey));
        }

        var masked = new byte[ticketKey.Length];
        for (var i = 0; i < masked.Length; i++)
        {
            masked[i] = (byte)(ticketKey[i] ^ TicketKeyMask[i]);
        }

        return masked;
    }

    // No lambda: a capturing one would allocate on every read of the property, on the heartbeat path.
    private static SessionMacKey CreateMac(ref SessionMacKey? field, byte[] key)
    {
        var created = new SessionMacKey(key);
        return Interlocked.CompareExchange(ref field, created, null) ?? created;
    }

    private static byte[] Expand(ReadOnlySpan<byte> prk, byte[] label)
    {
        var key = new byte[ProtocolLimits.SessionKeyBytes];
        HKDF.Expand(HashAlgorithmName.SHA256, prk, key, label);
        return key;
    }
}
