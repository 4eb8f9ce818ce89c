using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Broadcast by a peer looking for a tracker on the LAN.</summary>
[MessagePackObject]
public sealed record DiscoveryProbe : Message;
