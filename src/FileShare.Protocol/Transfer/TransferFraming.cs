using System.Buffers;
using System.Buffers.Binary;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Transfer;

/// <summary>
/// Framing of the TCP transfer headers: a 4-byte big-endian length, then that many bytes holding one
/// MessagePack array that starts with the protocol magic and version. Read and written with MessagePack-CSharp's
/// reader and writer under the same strict field rules as the control messages (<see cref="Strict"/>).
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
        return Frame(request, static (ref writer, request) =>
        {
            writer.WriteArrayHeader(RequestFieldCount);
            writer.Write(MessageCodec.Magic);
            writer.Write(MessageCodec.Version);
            Strict.WriteString(ref writer, request.FileName);
            writer.Write(request.Offset);
            Strict.WriteString(ref writer, request.Requester);
            writer.Write(request.Sha256);
            writer.Write(request.TicketExpiresUnixMs);
            writer.Write(request.Ticket);
        });
    }

    /// <summary>Encodes a response frame, length prefix included.</summary>
    public static byte[] EncodeResponse(TransferResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Frame(response, static (ref writer, response) =>
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
                writer.Write(response.Sha256);
            }

            Strict.WriteString(ref writer, response.Text);
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
    /// <exception cref="ProtocolException">The payload is not a valid request.</exception>
    public static TransferRequest DecodeRequest(ReadOnlyMemory<byte> payload) => Decode(payload, static (ref reader) =>
    {
        var count = ReadHeader(ref reader, RequestFieldCount, "request");
        var request = new TransferRequest(
            Strict.ReadString(ref reader, ProtocolLimits.MaxFileNameBytes, "FileName"),
            Strict.ReadInt64(ref reader, 0, ProtocolLimits.MaxFileSize, "Offset"),
            Strict.ReadString(ref reader, ProtocolLimits.MaxUserNameBytes, "Requester"),
            Strict.ReadBinary(ref reader, ProtocolLimits.Sha256Bytes, ProtocolLimits.Sha256Bytes, "Sha256"),
            Strict.ReadInt64(ref reader, long.MinValue, long.MaxValue, "TicketExpiresUnixMs"),
            Strict.ReadBinary(ref reader, ProtocolLimits.TicketKeyBytes, ProtocolLimits.TicketKeyBytes, "Ticket"));
        Strict.SkipValuesChecked(ref reader, count - RequestFieldCount);
        return request;
    });

    /// <summary>Decodes a response frame's payload (after the prefix).</summary>
    /// <exception cref="ProtocolException">The payload is not a valid response.</exception>
    public static TransferResponse DecodeResponse(ReadOnlyMemory<byte> payload) => Decode(payload, static (ref reader) =>
    {
        var count = ReadHeader(ref reader, ResponseFieldCount, "response");
        var status = (TransferStatus)Strict.ReadInt64(ref reader, 0, 255, "Status");
        var size = Strict.ReadInt64(ref reader, 0, ProtocolLimits.MaxFileSize, "Size");
        var sha = reader.TryReadNil() ? null : Strict.ReadBinary(ref reader, ProtocolLimits.Sha256Bytes, ProtocolLimits.Sha256Bytes, "Sha256");
        var text = Strict.ReadString(ref reader, ProtocolLimits.MaxStringBytes, "Text");
        if (status == TransferStatus.Ok && sha is null)
        {
            throw new ProtocolException("A successful transfer response must carry the SHA-256.");
        }

        Strict.SkipValuesChecked(ref reader, count - ResponseFieldCount);
        return new TransferResponse(status, size, sha, text);
    });

    private static int ReadHeader(ref MessagePackReader reader, int required, string what)
    {
        var count = Strict.ReadArrayHeader(ref reader);
        if (count < required)
        {
            throw new ProtocolException($"A transfer {what} needs {required} fields, not {count}.");
        }

        if (Strict.ReadInt64(ref reader, long.MinValue, long.MaxValue) != MessageCodec.Magic)
        {
            throw new ProtocolException("Not a FileShare transfer header (wrong magic).");
        }

        var version = Strict.ReadInt64(ref reader, long.MinValue, long.MaxValue);
        if (version != MessageCodec.Version)
        {
            throw new ProtocolException($"Unsupported protocol version {version}.") { Code = ErrorCode.UnsupportedVersion };
        }

        return count;
    }

    private delegate T BodyReader<out T>(ref MessagePackReader reader);

    private delegate void BodyWriter<in T>(ref MessagePackWriter writer, T value);

    private static T Decode<T>(ReadOnlyMemory<byte> payload, BodyReader<T> body)
    {
        var reader = new MessagePackReader(payload);
        T value;
        try
        {
            value = body(ref reader);
        }
        catch (Exception ex) when (Strict.IsMalformedInput(ex))
        {
            throw new ProtocolException(ex.Message, ex);
        }

        if (!reader.End)
        {
            throw new ProtocolException($"Unexpected {payload.Length - reader.Consumed} trailing byte(s) after the message.");
        }

        return value;
    }

    private static byte[] Frame<T>(T value, BodyWriter<T> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.GetSpan(PrefixBytes);
        buffer.Advance(PrefixBytes); // room for the length, filled in below
        var writer = new MessagePackWriter(buffer) { OldSpec = false };
        body(ref writer, value);
        writer.Flush();
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
