using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Renames one of the sender's publications.</summary>
/// <param name="OldName">Current name.</param>
/// <param name="NewName">New name.</param>
public sealed record RenameRequest(string OldName, string NewName) : Message
{
    internal const int FieldCount = 2;

    /// <inheritdoc />
    public override MessageType Type => MessageType.Rename;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(OldName);
        writer.Write(NewName);
    }

    internal static RenameRequest ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadString(ProtocolLimits.MaxFileNameBytes),
            reader.ReadString(ProtocolLimits.MaxFileNameBytes));
}
