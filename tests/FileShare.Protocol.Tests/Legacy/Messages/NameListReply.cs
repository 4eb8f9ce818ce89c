using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>One page of sorted names.</summary>
/// <param name="Names">The names of this page, sorted.</param>
/// <param name="More">True when another page follows; ask again with After set to the last name.</param>
public sealed record NameListReply(IReadOnlyList<string> Names, bool More) : Message
{
    internal const int FieldCount = 2;

    /// <inheritdoc />
    public override MessageType Type => MessageType.NameList;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.WriteArrayHeader(Names.Count);
        foreach (var item in Names)
        {
            writer.Write(item);
        }

        writer.Write(More);
    }

    internal static NameListReply ReadBody(ref MessagePackReader reader) =>
        new(
            ReadNames(ref reader),
            reader.ReadBoolean());

    private static string[] ReadNames(ref MessagePackReader reader)
    {
        var count = reader.ReadArrayHeader();
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = reader.ReadString(ProtocolLimits.MaxFileNameBytes);
        }

        return names;
    }
}
