using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Generic failure with a machine-readable code and a message for people.</summary>
/// <param name="Code">Why it failed.</param>
/// <param name="Text">A one-line explanation.</param>
/// <param name="RetryAfterMs">
/// With <see cref="ErrorCode.Busy"/>: how long to wait before sending the request again. A trailing field added to
/// version 1 (PROTOCOL.md §14): left out when 0, so every other error keeps its two-field form.
/// </param>
[MessagePackObject]
public sealed record ErrorReply(
    [property: Key(0), EnumRange<ErrorCode>(0, 65535)] ErrorCode Code,
    [property: Key(1), Str(ProtocolLimits.MaxStringBytes)] string Text,
    [property: Key(2), Int32Range(0, ProtocolLimits.MaxRetryAfterMs), Optional] int RetryAfterMs = 0) : Message;
