using System.Security.Cryptography;

namespace FileShare.Protocol.Security;

/// <summary>
/// The MAC of a signed datagram (PROTOCOL.md §5.2): HMAC-SHA-256 under the direction's session key over every byte
/// of the datagram before the MAC itself, truncated to 16 bytes. The MAC is the envelope's last element, always
/// encoded <c>c4 10</c> followed by the 16 bytes, so it is found at a fixed place without decoding anything.
/// Allocation-free: the tracker checks one per heartbeat.
/// </summary>
public static class SessionMac
{
    /// <summary>The bytes that end every signed datagram: the MAC element's header (bin8, 16) and the MAC.</summary>
    public const int TrailerBytes = 2 + ProtocolLimits.SessionMacBytes;

    private const byte Bin8 = 0xc4;

    /// <summary>Computes the MAC of <paramref name="signedPart"/> (the datagram up to and including <c>c4 10</c>).</summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> signedPart, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(key, signedPart, full);
        full[..ProtocolLimits.SessionMacBytes].CopyTo(mac);
    }

    /// <summary>Whether <paramref name="datagram"/> ends with a MAC element: <c>c4 10</c> and 16 bytes.</summary>
    public static bool HasTrailer(ReadOnlySpan<byte> datagram) =>
        datagram.Length > TrailerBytes && datagram[^TrailerBytes] == Bin8 && datagram[^(TrailerBytes - 1)] == ProtocolLimits.SessionMacBytes;

    /// <summary>
    /// True when <paramref name="datagram"/> ends with the MAC element and the MAC is right for <paramref name="key"/>.
    /// Compares in constant time.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> key, ReadOnlySpan<byte> datagram)
    {
        if (!HasTrailer(datagram))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[ProtocolLimits.SessionMacBytes];
        Compute(key, datagram[..^ProtocolLimits.SessionMacBytes], expected);
        return CryptographicOperations.FixedTimeEquals(expected, datagram[^ProtocolLimits.SessionMacBytes..]);
    }
}
