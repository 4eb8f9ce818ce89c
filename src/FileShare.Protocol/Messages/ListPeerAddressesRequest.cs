using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Lists active users other than the sender with their addresses (lap -a).</summary>
/// <param name="After">Paging cursor: the last user name of the previous page, or nil.</param>
[MessagePackObject]
public sealed record ListPeerAddressesRequest(
    [property: Key(0), StrOrNil(ProtocolLimits.MaxUserNameBytes)] string? After) : Message;
