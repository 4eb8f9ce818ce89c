using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Generic failure with a machine-readable code and a message for people.</summary>
/// <param name="Code">Why it failed.</param>
/// <param name="Text">A one-line explanation.</param>
public sealed record ErrorReply(ErrorCode Code, string Text) : Message
{
    internal const int FieldCount = 2;

    /// <inheritdoc />
    public override MessageType Type => MessageType.Error;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write((long)Code);
        writer.Write(Text);
    }

    internal static ErrorReply ReadBody(ref MessagePackReader reader) =>
        new(
            (ErrorCode)reader.ReadInt64(0, 65535, "Code"),
            reader.ReadString(ProtocolLimits.MaxStringBytes));
}
