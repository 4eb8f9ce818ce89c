using MessagePack;
using MessagePack.Formatters;

namespace FileShare.Protocol.Wire;

/// <summary>An array of at most 256 records, each through the resolver's strict formatter. See <see cref="RecordListAttribute{T}"/>.</summary>
public sealed class RecordListFormatter<T> : IMessagePackFormatter<IReadOnlyList<T>>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, IReadOnlyList<T> value, MessagePackSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var formatter = options.Resolver.GetFormatterWithVerify<T>();
        writer.WriteArrayHeader(value.Count);
        foreach (var item in value)
        {
            formatter.Serialize(ref writer, item, options);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<T> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var formatter = options.Resolver.GetFormatterWithVerify<T>();
        var count = Strict.ReadArrayHeader(ref reader);
        options.Security.DepthStep(ref reader);
        try
        {
            var items = new T[count];
            for (var i = 0; i < count; i++)
            {
                items[i] = formatter.Deserialize(ref reader, options);
            }

            return items;
        }
        finally
        {
            reader.Depth--;
        }
    }
}
