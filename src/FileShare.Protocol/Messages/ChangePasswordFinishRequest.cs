using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Proof of the old password and the new keys.</summary>
/// <param name="Nonce">The nonce of the challenge.</param>
/// <param name="OldPasswordProof">ClientKey(old) XOR HMAC(StoredKey(old), change message).</param>
/// <param name="NewStoredKey">StoredKey of the new password.</param>
/// <param name="NewServerKey">ServerKey of the new password.</param>
[MessagePackObject]
public sealed record ChangePasswordFinishRequest(
    [property: Key(0), Str(ProtocolLimits.MaxStringBytes)] string Nonce,
    [property: Key(1), Bin(ProtocolLimits.Sha256Bytes)] byte[] OldPasswordProof,
    [property: Key(2), Bin(ProtocolLimits.Sha256Bytes)] byte[] NewStoredKey,
    [property: Key(3), Bin(ProtocolLimits.Sha256Bytes)] byte[] NewServerKey) : Message;
