using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Lists the sender's publications, online or not (lpf).</summary>
/// <param name="After">Paging cursor: the last name of the previous page, or nil.</param>
public sealed record ListMyFilesRequest(string? After) : Message
{
    internal const int FieldCount = 1;

    /// <inheritdoc />
    public override MessageType Type => MessageType.ListMyFiles;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(After);
    }

    internal static ListMyFilesRequest ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadNullableString(ProtocolLimits.MaxFileNameBytes));
}
