using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>What the client needs to prove the old password and derive the new keys.</summary>
/// <param name="Nonce">Fresh nonce binding the proof to this change.</param>
/// <param name="CurrentSalt">Salt of the current password.</param>
/// <param name="CurrentIterations">Iterations of the current password.</param>
/// <param name="NewSalt">Salt for the new password.</param>
/// <param name="NewIterations">Iterations for the new password.</param>
public sealed record ChangePasswordChallengeReply(string Nonce, byte[] CurrentSalt, int CurrentIterations, byte[] NewSalt, int NewIterations) : Message
{
    internal const int FieldCount = 5;

    /// <inheritdoc />
    public override MessageType Type => MessageType.ChangePasswordChallenge;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(Nonce);
        writer.WriteBinary(CurrentSalt);
        writer.Write(CurrentIterations);
        writer.WriteBinary(NewSalt);
        writer.Write(NewIterations);
    }

    internal static ChangePasswordChallengeReply ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadString(ProtocolLimits.MaxStringBytes),
            reader.ReadBinary(ProtocolLimits.MaxBinaryBytes),
            (int)reader.ReadInt64(1, int.MaxValue, "CurrentIterations"),
            reader.ReadBinary(ProtocolLimits.MaxBinaryBytes),
            (int)reader.ReadInt64(1, int.MaxValue, "NewIterations"));
}
