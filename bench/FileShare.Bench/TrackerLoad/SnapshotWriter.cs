using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using FileShare.Protocol.MessagePack;

namespace FileShare.Bench.TrackerLoad;

/// <summary>
/// Writes a tracker snapshot (<c>data/publications.snapshot</c>) holding a <see cref="PublicationPlan"/>, so a
/// large index loads at startup instead of through one fsync per pub. The format mirrors the tracker's
/// RecordFormat (src/FileShare.Tracker/Persistence): "FSSNAP01", then records
/// <c>[u32 LE length][u32 LE CRC-32][MessagePack [kind, sequence, owner, name, size, sha256]]</c>: a header
/// (kind 10), the publications (kind 1), an end record (kind 11). The tracker refuses a damaged snapshot at
/// startup, so a format drift makes this scenario fail loudly rather than measure something else.
/// </summary>
internal static class SnapshotWriter
{
    private const int PublishKind = 1;
    private const int HeaderKind = 10;
    private const int EndKind = 11;
    private static readonly uint[] CrcTable = CreateCrcTable();

    public static void Write(string dataDirectory, PublicationPlan plan, IReadOnlyList<BenchUser> users)
    {
        Directory.CreateDirectory(dataDirectory);
        using var file = new FileStream(Path.Combine(dataDirectory, "publications.snapshot"), FileMode.Create, FileAccess.Write);
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        buffer.Write(Encoding.ASCII.GetBytes("FSSNAP01"));
        WriteRecord(buffer, HeaderKind, "", "", plan.Publications, []);
        for (var p = 0; p < plan.Publications; p++)
        {
            var number = plan.NameOf(p);
            WriteRecord(buffer, PublishKind, users[plan.OwnerOf(p)].Name, PublicationPlan.Name(number), PublicationPlan.Size(number), PublicationPlan.Sha256(number));
            if (buffer.WrittenCount > 900_000)
            {
                file.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }

        WriteRecord(buffer, EndKind, "", "", plan.Publications, []);
        file.Write(buffer.WrittenSpan);
    }

    private static void WriteRecord(ArrayBufferWriter<byte> output, int kind, string owner, string name, long size, byte[] sha256)
    {
        var start = output.WrittenCount;
        output.GetSpan(8);
        output.Advance(8);
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(6);
        writer.Write(kind);
        writer.Write(0L); // sequence 0: the snapshot covers no journal records
        writer.Write(owner);
        writer.Write(name);
        writer.Write(size);
        writer.WriteBinary(sha256);
        var frame = System.Runtime.InteropServices.MemoryMarshal.AsMemory(output.WrittenMemory).Span[start..];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)(frame.Length - 8));
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Crc32(frame[8..]));
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] CreateCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
