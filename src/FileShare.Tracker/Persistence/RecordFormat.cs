using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using FileShare.Protocol;
using MessagePack;

namespace FileShare.Tracker.Persistence;

/// <summary>
/// The on-disk framing of a record: <c>[u32 LE payload length][u32 LE CRC-32 of payload][payload]</c>, where
/// the payload is a MessagePack array <c>[kind, sequence, owner, name, size, sha256]</c>, with a seventh element, the
/// new name, for Rename records. A torn write or a flipped bit shows up as a length past the end or a checksum mismatch.
/// The payload is read and written with MessagePack-CSharp; the file is the tracker's own and CRC-checked, so reading
/// checks only the shape, the ranges and the lengths.
/// </summary>
internal static class RecordFormat
{
    public const int FrameHeaderBytes = 8;

    /// <summary>Far above any real record (names are at most 255 bytes), far below anything that could hurt.</summary>
    public const int MaxPayloadBytes = 4096;

    private const int PayloadFields = 6;
    private const int RenameFields = 7;

    /// <summary>Appends the framed record to <paramref name="output"/>.</summary>
    public static void Write(JournalRecord record, ArrayBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(output);
        var start = output.WrittenCount;
        output.GetSpan(FrameHeaderBytes);
        output.Advance(FrameHeaderBytes);
        var writer = new MessagePackWriter(output) { OldSpec = false };
        var rename = record.Kind == JournalRecordKind.Rename;
        writer.WriteArrayHeader(rename ? RenameFields : PayloadFields);
        writer.Write((int)record.Kind);
        writer.Write(record.Sequence);
        writer.Write(record.Owner);
        writer.Write(record.Name);
        writer.Write(record.Size);
        writer.Write(record.Sha256);
        if (rename)
        {
            writer.Write(record.NewName);
        }

        writer.Flush();

        var length = output.WrittenCount - start - FrameHeaderBytes;

        // ArrayBufferWriter keeps written bytes contiguous, so the header slot can be filled in afterwards.
        var frame = System.Runtime.InteropServices.MemoryMarshal.AsMemory(output.WrittenMemory).Span[start..];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Crc32.Compute(frame[FrameHeaderBytes..]));
    }

    /// <summary>Reads the record at <paramref name="offset"/> and advances past it when intact.</summary>
    public static RecordReadStatus TryRead(ReadOnlyMemory<byte> data, ref int offset, out JournalRecord? record, out string? damage)
    {
        record = null;
        damage = null;
        var rest = data[offset..];
        var restSpan = rest.Span;
        if (rest.IsEmpty)
        {
            return RecordReadStatus.End;
        }

        if (rest.Length < FrameHeaderBytes)
        {
            damage = $"only {rest.Length} bytes of a record header";
            return RecordReadStatus.Damaged;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(restSpan);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(restSpan[4..]);
        if (length is 0 or > MaxPayloadBytes)
        {
            damage = $"implausible record length {length}";
            return RecordReadStatus.Damaged;
        }

        if (length > rest.Length - FrameHeaderBytes)
        {
            damage = $"record of {length} bytes cut off after {rest.Length - FrameHeaderBytes}";
            return RecordReadStatus.Damaged;
        }

        var payload = rest.Slice(FrameHeaderBytes, (int)length);
        if (Crc32.Compute(payload.Span) != crc)
        {
            damage = "checksum mismatch";
            return RecordReadStatus.Damaged;
        }

        try
        {
            var reader = new MessagePackReader(payload);
            var fields = reader.ReadArrayHeader();
            if (fields is < PayloadFields or > RenameFields)
            {
                damage = $"record has {fields} fields, not {PayloadFields}";
                return RecordReadStatus.Damaged;
            }

            var kind = (JournalRecordKind)reader.ReadByte();
            var sequence = ReadNonNegative(ref reader, "sequence");
            var owner = ReadString(ref reader, ProtocolLimits.MaxUserNameBytes);
            var name = ReadString(ref reader, ProtocolLimits.MaxFileNameBytes);
            var size = ReadNonNegative(ref reader, "size");
            var sha = reader.ReadBytes() is { Length: <= ProtocolLimits.MaxBinaryBytes } bytes
                ? bytes.ToArray()
                : throw new InvalidDataException("sha256 missing or too long");
            var newName = string.Empty;
            if (kind == JournalRecordKind.Rename)
            {
                if (fields < RenameFields)
                {
                    damage = $"rename record has {fields} fields, not {RenameFields}";
                    return RecordReadStatus.Damaged;
                }

                newName = ReadString(ref reader, ProtocolLimits.MaxFileNameBytes);
            }

            record = new JournalRecord(kind, sequence, owner, name, size, sha) { NewName = newName };
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or OverflowException or InvalidDataException)
        {
            damage = "undecodable record: " + ex.Message;
            return RecordReadStatus.Damaged;
        }

        offset += FrameHeaderBytes + (int)length;
        return RecordReadStatus.Record;
    }

    private static long ReadNonNegative(ref MessagePackReader reader, string what) =>
        reader.ReadInt64() is >= 0 and var value ? value : throw new InvalidDataException($"negative {what}");

    private static string ReadString(ref MessagePackReader reader, int maxBytes) =>
        reader.ReadStringSequence() is { Length: var length } bytes && length <= maxBytes
            ? Encoding.UTF8.GetString(bytes)
            : throw new InvalidDataException($"string missing or longer than {maxBytes} bytes");
}
