using System.Buffers.Binary;
using FileShare.Protocol;

namespace FileShare.Tracker.Publications;

/// <summary>A SHA-256 stored inline (four words), so a million publications do not each carry a separate 32-byte array.</summary>
internal readonly record struct Sha256Digest(ulong Word0, ulong Word1, ulong Word2, ulong Word3)
{
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public static Sha256Digest From(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ProtocolLimits.Sha256Bytes)
        {
            throw new ArgumentException($"A SHA-256 is {ProtocolLimits.Sha256Bytes} bytes, not {bytes.Length}.", nameof(bytes));
        }

        return new Sha256Digest(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    public bool Matches(ReadOnlySpan<byte> bytes) => bytes.Length == ProtocolLimits.Sha256Bytes && From(bytes) == this;

    public byte[] ToArray()
    {
        var bytes = new byte[ProtocolLimits.Sha256Bytes];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>Writes the 32 bytes into <paramref name="destination"/> (for replies built without allocating).</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, Word0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Word1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], Word2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], Word3);
    }
}
