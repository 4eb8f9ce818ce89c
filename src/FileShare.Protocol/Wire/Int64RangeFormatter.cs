using MessagePack;
using MessagePack.Formatters;

namespace FileShare.Protocol.Wire;

/// <summary>A long within a range. See <see cref="Int64RangeAttribute"/>.</summary>
public sealed class Int64RangeFormatter(long min, long max) : IMessagePackFormatter<long>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, long value, MessagePackSerializerOptions options) => writer.Write(value);

    /// <inheritdoc />
    public long Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        Strict.ReadInt64(ref reader, min, max);
}
