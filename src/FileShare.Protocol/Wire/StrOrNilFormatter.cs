using MessagePack;
using MessagePack.Formatters;

namespace FileShare.Protocol.Wire;

/// <summary>A str of at most N UTF-8 bytes, or nil. Attached with <see cref="StrOrNilAttribute"/>.</summary>
public sealed class StrOrNilFormatter(int maxBytes) : IMessagePackFormatter<string?>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, string? value, MessagePackSerializerOptions options) =>
        Strict.WriteString(ref writer, value);

    /// <inheritdoc />
    public string? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        reader.TryReadNil() ? null : Strict.ReadString(ref reader, maxBytes);
}
