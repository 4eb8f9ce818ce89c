using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Publishes (or re-publishes) a file of the sender.</summary>
/// <param name="Name">File name.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the content.</param>
public sealed record PublishRequest(string Name, long Size, byte[] Sha256) : Message
{
    internal const int FieldCount = 3;

    /// <inheritdoc />
    public override MessageType Type => MessageType.Publish;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(Name);
        writer.Write(Size);
        writer.WriteBinary(Sha256);
    }

    internal static PublishRequest ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadString(ProtocolLimits.MaxFileNameBytes),
            reader.ReadInt64(0, ProtocolLimits.MaxFileSize, "Size"),
            reader.ReadBinary(ProtocolLimits.Sha256Bytes, "Sha256"));
}
