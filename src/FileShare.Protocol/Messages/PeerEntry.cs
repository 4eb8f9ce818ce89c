using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>An active peer with the address the tracker sees it at.</summary>
/// <param name="UserName">The user.</param>
/// <param name="Address">The IP address its last login came from.</param>
/// <param name="Port">Its TCP file-server port.</param>
[MessagePackObject]
public sealed record PeerEntry(
    [property: Key(0), Str(ProtocolLimits.MaxUserNameBytes)] string UserName,
    [property: Key(1), Str(ProtocolLimits.MaxStringBytes)] string Address,
    [property: Key(2), Int32Range(0, 65535)] int Port);
