using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Publishes (or re-publishes) a file of the sender.</summary>
/// <param name="Name">File name.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the content.</param>
[MessagePackObject]
public sealed record PublishRequest(
    [property: Key(0), Str(ProtocolLimits.MaxFileNameBytes)] string Name,
    [property: Key(1), Int64Range(0, ProtocolLimits.MaxFileSize)] long Size,
    [property: Key(2), Bin(ProtocolLimits.Sha256Bytes)] byte[] Sha256) : Message;
