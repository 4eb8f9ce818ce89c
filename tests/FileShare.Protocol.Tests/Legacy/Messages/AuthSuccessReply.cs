using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>SCRAM server-final message plus the new session.</summary>
/// <param name="ServerSignature">HMAC(ServerKey, AuthMessage), which the client verifies.</param>
/// <param name="SessionToken">Token to carry in every later request.</param>
/// <param name="TicketKey">Key the tracker signs this peer's download tickets with.</param>
/// <param name="HeartbeatIntervalMs">How often to send heartbeats.</param>
/// <param name="SessionTimeoutMs">Silence after which the session expires.</param>
/// <param name="ObservedAddress">The address the tracker saw this login come from.</param>
public sealed record AuthSuccessReply(byte[] ServerSignature, byte[] SessionToken, byte[] TicketKey, int HeartbeatIntervalMs, int SessionTimeoutMs, string ObservedAddress) : Message
{
    internal const int FieldCount = 6;

    /// <inheritdoc />
    public override MessageType Type => MessageType.AuthSuccess;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.WriteBinary(ServerSignature);
        writer.WriteBinary(SessionToken);
        writer.WriteBinary(TicketKey);
        writer.Write(HeartbeatIntervalMs);
        writer.Write(SessionTimeoutMs);
        writer.Write(ObservedAddress);
    }

    internal static AuthSuccessReply ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadBinary(ProtocolLimits.Sha256Bytes, "ServerSignature"),
            reader.ReadBinary(ProtocolLimits.SessionTokenBytes, "SessionToken"),
            reader.ReadBinary(ProtocolLimits.TicketKeyBytes, "TicketKey"),
            (int)reader.ReadInt64(1, int.MaxValue, "HeartbeatIntervalMs"),
            (int)reader.ReadInt64(1, int.MaxValue, "SessionTimeoutMs"),
            reader.ReadString(ProtocolLimits.MaxStringBytes));
}
