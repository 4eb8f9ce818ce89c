using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Withdraws one of the sender's publications.</summary>
/// <param name="Name">File name.</param>
public sealed record UnpublishRequest(string Name) : Message
{
    internal const int FieldCount = 1;

    /// <inheritdoc />
    public override MessageType Type => MessageType.Unpublish;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(Name);
    }

    internal static UnpublishRequest ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadString(ProtocolLimits.MaxFileNameBytes));
}
