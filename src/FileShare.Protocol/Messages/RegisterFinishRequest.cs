using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>The new account's SCRAM keys, derived on the client; the password itself never travels.</summary>
/// <param name="UserName">Account name.</param>
/// <param name="Salt">The salt from the challenge.</param>
/// <param name="StoredKey">H(ClientKey).</param>
/// <param name="ServerKey">HMAC(SaltedPassword, "Server Key").</param>
[MessagePackObject]
public sealed record RegisterFinishRequest(
    [property: Key(0), Str(ProtocolLimits.MaxUserNameBytes)] string UserName,
    [property: Key(1), BinMax(ProtocolLimits.MaxBinaryBytes)] byte[] Salt,
    [property: Key(2), Bin(ProtocolLimits.Sha256Bytes)] byte[] StoredKey,
    [property: Key(3), Bin(ProtocolLimits.Sha256Bytes)] byte[] ServerKey) : Message;
