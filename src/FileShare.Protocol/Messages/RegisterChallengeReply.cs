using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>The salt and iterations the client must derive the new account's keys with.</summary>
/// <param name="Salt">Fresh salt, valid for one registration.</param>
/// <param name="Iterations">PBKDF2 iteration count.</param>
[MessagePackObject]
public sealed record RegisterChallengeReply(
    [property: Key(0), BinMax(ProtocolLimits.MaxBinaryBytes)] byte[] Salt,
    [property: Key(1), Int32Range(1, int.MaxValue)] int Iterations) : Message;
