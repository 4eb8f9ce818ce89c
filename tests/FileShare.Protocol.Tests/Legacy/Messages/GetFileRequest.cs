using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Asks for the active publishers of a file (get).</summary>
/// <param name="Name">Exact file name.</param>
/// <param name="After">Paging cursor: the last user name of the previous page, or nil.</param>
public sealed record GetFileRequest(string Name, string? After) : Message
{
    internal const int FieldCount = 2;

    /// <inheritdoc />
    public override MessageType Type => MessageType.GetFile;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(Name);
        writer.Write(After);
    }

    internal static GetFileRequest ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadString(ProtocolLimits.MaxFileNameBytes),
            reader.ReadNullableString(ProtocolLimits.MaxUserNameBytes));
}
