using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>SCRAM client-final message.</summary>
/// <param name="CombinedNonce">The combined nonce from the challenge.</param>
/// <param name="ClientProof">ClientKey XOR ClientSignature.</param>
[MessagePackObject]
public sealed record AuthProofRequest(
    [property: Key(0), Str(ProtocolLimits.MaxStringBytes)] string CombinedNonce,
    [property: Key(1), Bin(ProtocolLimits.Sha256Bytes)] byte[] ClientProof) : Message;
