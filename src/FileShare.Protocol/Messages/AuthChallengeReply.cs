using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>SCRAM server-first message.</summary>
/// <param name="CombinedNonce">The client nonce followed by the tracker's nonce.</param>
/// <param name="Salt">The account's PBKDF2 salt.</param>
/// <param name="Iterations">PBKDF2 iteration count.</param>
[MessagePackObject]
public sealed record AuthChallengeReply(
    [property: Key(0), Str(ProtocolLimits.MaxStringBytes)] string CombinedNonce,
    [property: Key(1), BinMax(ProtocolLimits.MaxBinaryBytes)] byte[] Salt,
    [property: Key(2), Int32Range(1, int.MaxValue)] int Iterations) : Message;
