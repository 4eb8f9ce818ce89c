using MessagePack;
using MessagePack.Formatters;

namespace FileShare.Protocol.Wire;

/// <summary>An int within a range: any integer family on read, the smallest on write. See <see cref="Int32RangeAttribute"/>.</summary>
public sealed class Int32RangeFormatter(long min, long max) : IMessagePackFormatter<int>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, int value, MessagePackSerializerOptions options) => writer.Write(value);

    /// <inheritdoc />
    public int Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        (int)Strict.ReadInt64(ref reader, min, max);
}
