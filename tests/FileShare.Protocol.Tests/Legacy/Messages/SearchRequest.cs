using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Searches names published by other active users (sch).</summary>
/// <param name="Text">Case-sensitive substring.</param>
/// <param name="After">Paging cursor: the last name of the previous page, or nil.</param>
public sealed record SearchRequest(string Text, string? After) : Message
{
    internal const int FieldCount = 2;

    /// <inheritdoc />
    public override MessageType Type => MessageType.Search;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(Text);
        writer.Write(After);
    }

    internal static SearchRequest ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadString(ProtocolLimits.MaxFileNameBytes),
            reader.ReadNullableString(ProtocolLimits.MaxFileNameBytes));
}
