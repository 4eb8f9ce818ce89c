using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>SCRAM server-final message plus the new session.</summary>
/// <param name="ServerSignature">HMAC(ServerKey, AuthMessage), which the client verifies.</param>
/// <param name="SessionToken">Token to carry in every later request.</param>
/// <param name="TicketKey">Key the tracker signs this peer's download tickets with.</param>
/// <param name="HeartbeatIntervalMs">How often to send heartbeats.</param>
/// <param name="SessionTimeoutMs">Silence after which the session expires.</param>
/// <param name="ObservedAddress">The address the tracker saw this login come from.</param>
[MessagePackObject]
public sealed record AuthSuccessReply(
    [property: Key(0), Bin(ProtocolLimits.Sha256Bytes)] byte[] ServerSignature,
    [property: Key(1), Bin(ProtocolLimits.SessionTokenBytes)] byte[] SessionToken,
    [property: Key(2), Bin(ProtocolLimits.TicketKeyBytes)] byte[] TicketKey,
    [property: Key(3), Int32Range(1, int.MaxValue)] int HeartbeatIntervalMs,
    [property: Key(4), Int32Range(1, int.MaxValue)] int SessionTimeoutMs,
    [property: Key(5), Str(ProtocolLimits.MaxStringBytes)] string ObservedAddress) : Message;
