using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Lists active users other than the sender (lap).</summary>
/// <param name="After">Paging cursor: the last name of the previous page, or nil.</param>
[MessagePackObject]
public sealed record ListActivePeersRequest(
    [property: Key(0), StrOrNil(ProtocolLimits.MaxUserNameBytes)] string? After) : Message;
