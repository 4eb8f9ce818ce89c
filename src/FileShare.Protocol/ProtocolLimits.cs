namespace FileShare.Protocol;

/// <summary>
/// Every size limit of the FileShare protocol, in one place. Decoders check untrusted lengths
/// against these values (and against the bytes actually present) before allocating anything.
/// </summary>
public static class ProtocolLimits
{
    /// <summary>Largest UDP datagram either side sends or accepts. Fits a 1280-byte IPv6 MTU with headers.</summary>
    public const int MaxDatagramBytes = 1200;

    /// <summary>Bytes of a reply datagram kept free for the envelope and list framing when paging.</summary>
    public const int ReplyEnvelopeReserveBytes = 96;

    /// <summary>Longest file name, in UTF-8 bytes.</summary>
    public const int MaxFileNameBytes = 255;

    /// <summary>Longest user name accepted on the wire, in UTF-8 bytes.</summary>
    public const int MaxUserNameBytes = 64;

    /// <summary>Longest user name that registration accepts (characters of <c>[A-Za-z0-9._-]</c>).</summary>
    public const int MaxNewUserNameLength = 32;

    /// <summary>Longest password accepted for a new account or a password change.</summary>
    public const int MaxPasswordLength = 64;

    /// <summary>Longest string of any other kind (search text, error messages, nonces, addresses).</summary>
    public const int MaxStringBytes = 512;

    /// <summary>Longest binary field (hashes, keys, proofs, salts, tokens).</summary>
    public const int MaxBinaryBytes = 64;

    /// <summary>Most items in one array or map of a message, which also bounds a reply page.</summary>
    public const int MaxCollectionItems = 256;

    /// <summary>Deepest nesting of arrays and maps the reader follows.</summary>
    public const int MaxNestingDepth = 16;

    /// <summary>Length of a SHA-256 digest.</summary>
    public const int Sha256Bytes = 32;

    /// <summary>Length of a session token.</summary>
    public const int SessionTokenBytes = 16;

    /// <summary>Length of the MAC that ends every signed datagram (HMAC-SHA-256 truncated), PROTOCOL.md §5.</summary>
    public const int SessionMacBytes = 16;

    /// <summary>Length of each key derived for a signed session (request key, reply key, ticket-key mask).</summary>
    public const int SessionKeyBytes = 32;

    /// <summary>
    /// How far below the highest counter a tracker has run a signed request's counter may be and still run: requests
    /// that arrive reordered within this many counters run once; older ones are refused as stale.
    /// </summary>
    public const int ReplayWindowCounters = 256;

    /// <summary>Largest counter of a signed datagram (2^63 − 1: an int64 everywhere).</summary>
    public const long MaxSessionCounter = long.MaxValue;

    /// <summary>Length of a per-login ticket key, and of a download ticket (HMAC-SHA-256).</summary>
    public const int TicketKeyBytes = 32;

    /// <summary>Length of a SCRAM salt the tracker generates.</summary>
    public const int SaltBytes = 16;

    /// <summary>Fewest PBKDF2 iterations a client accepts from a tracker (RFC 7677 minimum).</summary>
    public const int MinScramIterations = 4096;

    /// <summary>Most PBKDF2 iterations a client accepts, so a hostile tracker cannot stall it.</summary>
    public const int MaxScramIterations = 1_000_000;

    /// <summary>Largest TCP transfer header frame (request or response), excluding the 4-byte length prefix.</summary>
    public const int MaxTransferHeaderBytes = 2048;

    /// <summary>Longest wait a Busy reply may ask for; a client caps the hint it gets at this.</summary>
    public const int MaxRetryAfterMs = 60_000;

    /// <summary>Largest file size that can be published (2^53, exactly representable everywhere).</summary>
    public const long MaxFileSize = 1L << 53;
}
