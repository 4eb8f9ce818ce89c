using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Withdraws one of the sender's publications.</summary>
/// <param name="Name">File name.</param>
[MessagePackObject]
public sealed record UnpublishRequest(
    [property: Key(0), Str(ProtocolLimits.MaxFileNameBytes)] string Name) : Message;
