using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Searches names published by other active users (sch).</summary>
/// <param name="Text">Case-sensitive substring.</param>
/// <param name="After">Paging cursor: the last name of the previous page, or nil.</param>
[MessagePackObject]
public sealed record SearchRequest(
    [property: Key(0), Str(ProtocolLimits.MaxFileNameBytes)] string Text,
    [property: Key(1), StrOrNil(ProtocolLimits.MaxFileNameBytes)] string? After) : Message;
