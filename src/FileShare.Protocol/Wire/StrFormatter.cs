using MessagePack;
using MessagePack.Formatters;

namespace FileShare.Protocol.Wire;

/// <summary>A str of at most N UTF-8 bytes, never nil. Attached with <see cref="StrAttribute"/>.</summary>
/// <remarks>Public, as are all field formatters, because the library's generated formatters must reach them.</remarks>
public sealed class StrFormatter(int maxBytes) : IMessagePackFormatter<string>
{
    /// <inheritdoc />
    public void Serialize(ref MessagePackWriter writer, string value, MessagePackSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        Strict.WriteString(ref writer, value);
    }

    /// <inheritdoc />
    public string Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        Strict.ReadString(ref reader, maxBytes);
}
