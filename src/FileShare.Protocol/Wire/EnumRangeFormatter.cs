using System.Runtime.CompilerServices;
using MessagePack;
using MessagePack.Formatters;

namespace FileShare.Protocol.Wire;

/// <summary>
/// An int-backed enum within a range. Values the enum does not name are kept, so a newer peer's codes pass through.
/// See <see cref="EnumRangeAttribute{TEnum}"/>.
/// </summary>
public sealed class EnumRangeFormatter<TEnum>(long min, long max) : IMessagePackFormatter<TEnum>
    where TEnum : struct, Enum
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, TEnum value, MessagePackSerializerOptions options) =>
        writer.Write(Unsafe.As<TEnum, int>(ref value));

    /// <inheritdoc />
    public TEnum Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var value = (int)Strict.ReadInt64(ref reader, min, max);
        return Unsafe.As<int, TEnum>(ref value);
    }
}
