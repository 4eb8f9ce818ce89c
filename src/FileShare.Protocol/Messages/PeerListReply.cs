using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>One page of active peers with their addresses, sorted by user name.</summary>
/// <param name="Peers">The peers of this page.</param>
/// <param name="More">True when another page follows.</param>
[MessagePackObject]
public sealed record PeerListReply(
    [property: Key(0), RecordList<PeerEntry>] IReadOnlyList<PeerEntry> Peers,
    [property: Key(1)] bool More) : Message;
