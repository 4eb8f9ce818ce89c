using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>The salt and iterations the client must derive the new account's keys with.</summary>
/// <param name="Salt">Fresh salt, valid for one registration.</param>
/// <param name="Iterations">PBKDF2 iteration count.</param>
public sealed record RegisterChallengeReply(byte[] Salt, int Iterations) : Message
{
    internal const int FieldCount = 2;

    /// <inheritdoc />
    public override MessageType Type => MessageType.RegisterChallenge;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.WriteBinary(Salt);
        writer.Write(Iterations);
    }

    internal static RegisterChallengeReply ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadBinary(ProtocolLimits.MaxBinaryBytes),
            (int)reader.ReadInt64(1, int.MaxValue, "Iterations"));
}
