using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>One page of sorted names.</summary>
/// <param name="Names">The names of this page, sorted.</param>
/// <param name="More">True when another page follows; ask again with After set to the last name.</param>
[MessagePackObject]
public sealed record NameListReply(
    [property: Key(0), StrList(ProtocolLimits.MaxFileNameBytes)] IReadOnlyList<string> Names,
    [property: Key(1)] bool More) : Message;
