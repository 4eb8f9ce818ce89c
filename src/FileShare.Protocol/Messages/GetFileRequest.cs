using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Asks for the active publishers of a file (get).</summary>
/// <param name="Name">Exact file name.</param>
/// <param name="After">Paging cursor: the last user name of the previous page, or nil.</param>
[MessagePackObject]
public sealed record GetFileRequest(
    [property: Key(0), Str(ProtocolLimits.MaxFileNameBytes)] string Name,
    [property: Key(1), StrOrNil(ProtocolLimits.MaxUserNameBytes)] string? After) : Message;
