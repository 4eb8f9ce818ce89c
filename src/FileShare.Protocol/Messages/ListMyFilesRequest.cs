using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Lists the sender's publications, online or not (lpf).</summary>
/// <param name="After">Paging cursor: the last name of the previous page, or nil.</param>
[MessagePackObject]
public sealed record ListMyFilesRequest(
    [property: Key(0), StrOrNil(ProtocolLimits.MaxFileNameBytes)] string? After) : Message;
