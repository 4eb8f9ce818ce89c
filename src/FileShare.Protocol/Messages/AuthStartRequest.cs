using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>SCRAM client-first message: who logs in, the client nonce, and the peer's TCP file-server port.</summary>
/// <param name="UserName">The account name.</param>
/// <param name="ClientNonce">Printable random nonce (no comma).</param>
/// <param name="FileServerPort">The TCP port of the peer's file server.</param>
/// <param name="Capabilities">
/// What the client can do beyond version 1 (<see cref="PeerCapabilities"/>): a trailing field (PROTOCOL.md §18), left
/// out when 0. A tracker that requires signed sessions refuses a login without <see cref="PeerCapabilities.SignedSessions"/>.
/// </param>
[MessagePackObject]
public sealed record AuthStartRequest(
    [property: Key(0), Str(ProtocolLimits.MaxUserNameBytes)] string UserName,
    [property: Key(1), Str(ProtocolLimits.MaxStringBytes)] string ClientNonce,
    [property: Key(2), Int32Range(0, 65535)] int FileServerPort,
    [property: Key(3), EnumRange<PeerCapabilities>(0, int.MaxValue), Optional] PeerCapabilities Capabilities = PeerCapabilities.None) : Message;
