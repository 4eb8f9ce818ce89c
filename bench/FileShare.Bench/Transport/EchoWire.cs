using System.Buffers.Binary;

namespace FileShare.Bench.Transport;

/// <summary>
/// The echo load's messages, the same bytes over both transports (little-endian, fixed offsets):
/// heartbeat <c>[3][u32 session][u32 seq]</c>, no reply, like the tracker's;
/// request <c>[1][u32 session][i64 sent][u16 reply size]</c> padded to 50 bytes, about a search or get request;
/// reply <c>[2][u32 session][i64 sent]</c> padded to the asked size (100-300 bytes, about a tracker reply).
/// The reply carries the send timestamp back, so the generator needs no table of pending requests.
/// </summary>
internal static class EchoWire
{
    public const byte Request = 1;
    public const byte Reply = 2;
    public const byte Heartbeat = 3;
    public const int HeartbeatBytes = 9;
    public const int RequestBytes = 50;
    public const int MinReplyBytes = 100;
    public const int MaxReplyBytes = 300;

    /// <summary>What <see cref="TryWriteReply"/> needs of a request: type, session, timestamp and size.</summary>
    private const int RequestHeaderBytes = 15;

    public static int WriteHeartbeat(Span<byte> buffer, int session, uint sequence)
    {
        buffer[0] = Heartbeat;
        BinaryPrimitives.WriteInt32LittleEndian(buffer[1..], session);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[5..], sequence);
        return HeartbeatBytes;
    }

    public static int WriteRequest(Span<byte> buffer, int session, long sentTimestamp, int replyBytes)
    {
        buffer[..RequestBytes].Clear();
        buffer[0] = Request;
        BinaryPrimitives.WriteInt32LittleEndian(buffer[1..], session);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[5..], sentTimestamp);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[13..], (ushort)replyBytes);
        return RequestBytes;
    }

    /// <summary>The session a heartbeat or request names, or -1 when the datagram is too short to name one.</summary>
    public static int Session(ReadOnlySpan<byte> message) => message.Length >= 5 ? BinaryPrimitives.ReadInt32LittleEndian(message[1..]) : -1;

    /// <summary>Builds the reply to <paramref name="request"/>; false when it is not a well-formed request.</summary>
    public static bool TryWriteReply(ReadOnlySpan<byte> request, Span<byte> reply, out int length)
    {
        length = 0;
        if (request.Length < RequestHeaderBytes || request[0] != Request)
        {
            return false;
        }

        var size = BinaryPrimitives.ReadUInt16LittleEndian(request[13..]);
        if (size is < MinReplyBytes or > MaxReplyBytes || size > reply.Length)
        {
            return false;
        }

        reply[0] = Reply;
        request[1..13].CopyTo(reply[1..]); // session and send timestamp
        reply[13..size].Fill(request[5]);
        length = size;
        return true;
    }

    /// <summary>The send timestamp a reply carries back; false when the datagram is not a reply.</summary>
    public static bool TryReadReply(ReadOnlySpan<byte> reply, out long sentTimestamp)
    {
        sentTimestamp = 0;
        if (reply.Length < 13 || reply[0] != Reply)
        {
            return false;
        }

        sentTimestamp = BinaryPrimitives.ReadInt64LittleEndian(reply[5..]);
        return true;
    }
}
