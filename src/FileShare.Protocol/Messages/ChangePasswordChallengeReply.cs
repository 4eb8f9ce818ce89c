using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>What the client needs to prove the old password and derive the new keys.</summary>
/// <param name="Nonce">Fresh nonce binding the proof to this change.</param>
/// <param name="CurrentSalt">Salt of the current password.</param>
/// <param name="CurrentIterations">Iterations of the current password.</param>
/// <param name="NewSalt">Salt for the new password.</param>
/// <param name="NewIterations">Iterations for the new password.</param>
[MessagePackObject]
public sealed record ChangePasswordChallengeReply(
    [property: Key(0), Str(ProtocolLimits.MaxStringBytes)] string Nonce,
    [property: Key(1), BinMax(ProtocolLimits.MaxBinaryBytes)] byte[] CurrentSalt,
    [property: Key(2), Int32Range(1, int.MaxValue)] int CurrentIterations,
    [property: Key(3), BinMax(ProtocolLimits.MaxBinaryBytes)] byte[] NewSalt,
    [property: Key(4), Int32Range(1, int.MaxValue)] int NewIterations) : Message;
