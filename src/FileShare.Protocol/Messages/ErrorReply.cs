using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Generic failure with a machine-readable code and a message for people.</summary>
/// <param name="Code">Why it failed.</param>
/// <param name="Text">A one-line explanation.</param>
[MessagePackObject]
public sealed record ErrorReply(
    [property: Key(0), EnumRange<ErrorCode>(0, 65535)] ErrorCode Code,
    [property: Key(1), Str(ProtocolLimits.MaxStringBytes)] string Text) : Message;
