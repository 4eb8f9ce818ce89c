using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>A tracker's answer to a discovery probe.</summary>
/// <param name="TrackerName">A name for logs and the user.</param>
/// <param name="Port">The tracker's UDP port.</param>
[MessagePackObject]
public sealed record DiscoveryAnswer(
    [property: Key(0), Str(ProtocolLimits.MaxStringBytes)] string TrackerName,
    [property: Key(1), Int32Range(0, 65535)] int Port) : Message;
