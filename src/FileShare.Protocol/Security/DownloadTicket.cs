using System.Buffers;
using System.Security.Cryptography;
using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Security;

/// <summary>
/// Download tickets: HMAC-SHA-256, keyed by the publisher's per-login ticket key, over the MessagePack
/// array <c>[requester, fileName, sha256, expiresUnixMs]</c> (smallest encodings, so the bytes are canonical).
/// The tracker issues them with <c>get</c>; the publisher's file server checks them.
/// </summary>
public static class DownloadTicket
{
    // The signed array, rebuilt per ticket in a buffer of this thread's: get computes a ticket per candidate.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_message;

    /// <summary>Computes a ticket.</summary>
    public static byte[] Compute(byte[] ticketKey, string requester, string fileName, byte[] sha256, long expiresUnixMs)
    {
        ArgumentNullException.ThrowIfNull(ticketKey);
        var ticket = new byte[ProtocolLimits.TicketKeyBytes];
        Compute(ticketKey, requester, fileName, sha256, expiresUnixMs, ticket);
        return ticket;
    }

    /// <summary>Computes a ticket into <paramref name="ticket"/> (at least <see cref="ProtocolLimits.TicketKeyBytes"/> bytes) without allocating.</summary>
    public static void Compute(
        ReadOnlySpan<byte> ticketKey, string requester, string fileName, ReadOnlySpan<byte> sha256, long expiresUnixMs, Span<byte> ticket)
    {
        var buffer = t_message ??= new ArrayBufferWriter<byte>(128);
        buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(buffer) { OldSpec = false };
        writer.WriteArrayHeader(4);
        Strict.WriteString(ref writer, requester);
        Strict.WriteString(ref writer, fileName);
        writer.Write(sha256);
        writer.Write(expiresUnixMs);
        writer.Flush();
        HMACSHA256.HashData(ticketKey, buffer.WrittenSpan, ticket);
    }

    /// <summary>Checks a ticket in constant time, and that it has not expired at <paramref name="nowUnixMs"/>.</summary>
    public static bool Verify(
        byte[] ticketKey, string requester, string fileName, byte[] sha256, long expiresUnixMs, ReadOnlySpan<byte> ticket, long nowUnixMs)
    {
        if (nowUnixMs > expiresUnixMs)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[ProtocolLimits.TicketKeyBytes];
        Compute(ticketKey, requester, fileName, sha256, expiresUnixMs, expected);
        return CryptographicOperations.FixedTimeEquals(expected, ticket);
    }
}
