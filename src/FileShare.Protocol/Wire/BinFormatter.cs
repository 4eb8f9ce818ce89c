using MessagePack;
using MessagePack.Formatters;

namespace FileShare.Protocol.Wire;

/// <summary>
/// A bin of min..max bytes (min = max for fixed sizes), never nil and never a str. Attached with
/// <see cref="BinAttribute"/> or <see cref="BinMaxAttribute"/>.
/// </summary>
public sealed class BinFormatter(int minBytes, int maxBytes) : IMessagePackFormatter<byte[]>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, byte[] value, MessagePackSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.Write(value); // bin8/16/32: the writer never uses the old spec's raw str for bytes
    }

    /// <inheritdoc />
    public byte[] Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        Strict.ReadBinary(ref reader, minBytes, maxBytes);
}
