using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>SCRAM server-first message.</summary>
/// <param name="CombinedNonce">The client nonce followed by the tracker's nonce.</param>
/// <param name="Salt">The account's PBKDF2 salt.</param>
/// <param name="Iterations">PBKDF2 iteration count.</param>
public sealed record AuthChallengeReply(string CombinedNonce, byte[] Salt, int Iterations) : Message
{
    internal const int FieldCount = 3;

    /// <inheritdoc />
    public override MessageType Type => MessageType.AuthChallenge;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(CombinedNonce);
        writer.WriteBinary(Salt);
        writer.Write(Iterations);
    }

    internal static AuthChallengeReply ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadString(ProtocolLimits.MaxStringBytes),
            reader.ReadBinary(ProtocolLimits.MaxBinaryBytes),
            (int)reader.ReadInt64(1, int.MaxValue, "Iterations"));
}
