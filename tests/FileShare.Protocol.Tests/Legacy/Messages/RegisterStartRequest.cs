using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Asks to create an account; the tracker answers with a fresh salt.</summary>
/// <param name="UserName">Wanted account name.</param>
public sealed record RegisterStartRequest(string UserName) : Message
{
    internal const int FieldCount = 1;

    /// <inheritdoc />
    public override MessageType Type => MessageType.RegisterStart;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(UserName);
    }

    internal static RegisterStartRequest ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadString(ProtocolLimits.MaxUserNameBytes));
}
