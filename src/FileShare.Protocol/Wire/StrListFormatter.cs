using MessagePack;
using MessagePack.Formatters;

namespace FileShare.Protocol.Wire;

/// <summary>An array of at most 256 strs of at most N bytes each. See <see cref="StrListAttribute"/>.</summary>
public sealed class StrListFormatter(int maxBytesEach) : IMessagePackFormatter<IReadOnlyList<string>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, IReadOnlyList<string> value, MessagePackSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(value.Count);
        foreach (var item in value)
        {
            Strict.WriteString(ref writer, item);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var count = Strict.ReadArrayHeader(ref reader);
        var items = new string[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = Strict.ReadString(ref reader, maxBytesEach);
        }

        return items;
    }
}
