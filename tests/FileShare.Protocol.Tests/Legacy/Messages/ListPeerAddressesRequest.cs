using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Lists active users other than the sender with their addresses (lap -a).</summary>
/// <param name="After">Paging cursor: the last user name of the previous page, or nil.</param>
public sealed record ListPeerAddressesRequest(string? After) : Message
{
    internal const int FieldCount = 1;

    /// <inheritdoc />
    public override MessageType Type => MessageType.ListPeerAddresses;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(After);
    }

    internal static ListPeerAddressesRequest ReadBody(ref MessagePackReader reader) =>
        new(reader.ReadNullableString(ProtocolLimits.MaxUserNameBytes));
}
