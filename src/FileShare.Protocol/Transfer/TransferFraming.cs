using System.Buffers;
using System.Buffers.Binary;
using FileShare.Protocol.MessagePack;
using FileShare.Protocol.Messages;

namespace FileShare.Protocol.Transfer;

/// <summary>
/// Framing of the TCP transfer headers: a 4-byte big-endian length, then that many bytes holding one
/// MessagePack array that starts with the protocol magic and version.
/// </summary>
public static class TransferFraming
{
    /// <summary>Size of the length prefix.</summary>
    public const int PrefixBytes = 4;

    private const int RequestFieldCount = 8;
    private const int ResponseFieldCount = 6;

    /// <summary>Encodes a request frame, length prefix included.</summary>
    public static byte[] EncodeRequest(TransferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Frame(writer =>
        {
            writer.WriteArrayHeader(RequestFieldCount);
            writer.Write(MessageCodec.Magic);
            writer.Write(MessageCodec.Version);
            writer.Write(request.FileName);
            writer.Write(request.Offset);
            writer.Write(request.Requester);
            writer.WriteBinary(request.Sha256);
            writer.Write(request.TicketExpiresUnixMs);
            writer.WriteBinary(request.Ticket);
        });
    }

    /// <summary>Encodes a response frame, length prefix included.</summary>
    public static byte[] EncodeResponse(TransferResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Frame(writer =>
        {
            writer.WriteArrayHeader(ResponseFieldCount);
            writer.Write(MessageCodec.Magic);
            writer.Write(MessageCodec.Version);
            writer.Write((int)response.Status);
            writer.Write(response.Size);
            if (response.Sha256 is null)
            {
                writer.WriteNil();
            }
            else
            {
                writer.WriteBinary(response.Sha256);
            }

            writer.Write(response.Text);
        });
    }

    /// <summary>Reads and checks a length prefix.</summary>
    /// <exception cref="ProtocolException">The frame is empty or larger than the limit.</exception>
    public static int ReadLength(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length < PrefixBytes)
        {
            throw new ProtocolException("Truncated input: the frame length prefix needs 4 bytes.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length == 0 || length > ProtocolLimits.MaxTransferHeaderBytes)
        {
            throw new ProtocolException(
                $"Transfer header of {length} bytes is outside 1..{ProtocolLimits.MaxTransferHeaderBytes}.");
        }

        return (int)length;
    }

    /// <summary>Decodes a request frame's payload (after the prefix).</summary>
    public static TransferRequest DecodeRequest(ReadOnlySpan<byte> payload)
    {
        var reader = new MessagePackReader(payload);
        var count = ReadHeader(ref reader, RequestFieldCount, "request");
        var request = new TransferRequest(
            reader.ReadString(ProtocolLimits.MaxFileNameBytes),
            reader.ReadInt64(0, ProtocolLimits.MaxFileSize, "Offset"),
            reader.ReadString(ProtocolLimits.MaxUserNameBytes),
            reader.ReadBinary(ProtocolLimits.Sha256Bytes, "Sha256"),
            reader.ReadInt64(),
            reader.ReadBinary(ProtocolLimits.TicketKeyBytes, "Ticket"));
        SkipExtra(ref reader, count, RequestFieldCount);
        return request;
    }

    /// <summary>Decodes a response frame's payload (after the prefix).</summary>
    public static TransferResponse DecodeResponse(ReadOnlySpan<byte> payload)
    {
        var reader = new MessagePackReader(payload);
        var count = ReadHeader(ref reader, ResponseFieldCount, "response");
        var status = (TransferStatus)reader.ReadInt64(0, 255, "Status");
        var size = reader.ReadInt64(0, ProtocolLimits.MaxFileSize, "Size");
        var sha = reader.TryReadNil() ? null : reader.ReadBinary(ProtocolLimits.Sha256Bytes, "Sha256");
        var text = reader.ReadString(ProtocolLimits.MaxStringBytes);
        if (status == TransferStatus.Ok && sha is null)
        {
            throw new ProtocolException("A successful transfer response must carry the SHA-256.");
        }

        SkipExtra(ref reader, count, ResponseFieldCount);
        return new TransferResponse(status, size, sha, text);
    }

    private static int ReadHeader(ref MessagePackReader reader, int required, string what)
    {
        var count = reader.ReadArrayHeader();
        if (count < required)
        {
            throw new ProtocolException($"A transfer {what} needs {required} fields, not {count}.");
        }

        if (reader.ReadInt64() != MessageCodec.Magic)
        {
            throw new ProtocolException("Not a FileShare transfer header (wrong magic).");
        }

        var version = reader.ReadInt64();
        if (version != MessageCodec.Version)
        {
            throw new ProtocolException($"Unsupported protocol version {version}.") { Code = ErrorCode.UnsupportedVersion };
        }

        return count;
    }

    private static void SkipExtra(ref MessagePackReader reader, int count, int required)
    {
        reader.SkipValues(count - required);

        reader.EnsureEnd();
    }

    private delegate void BodyWriter(MessagePackWriter writer);

    private static byte[] Frame(BodyWriter body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.GetSpan(PrefixBytes);
        buffer.Advance(PrefixBytes); // room for the length, filled in below
        body(new MessagePackWriter(buffer));
        var bytes = buffer.WrittenSpan.ToArray();
        var length = bytes.Length - PrefixBytes;
        if (length > ProtocolLimits.MaxTransferHeaderBytes)
        {
            throw new InvalidOperationException($"Transfer header of {length} bytes exceeds the limit.");
        }

        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)length);
        return bytes;
    }
}
