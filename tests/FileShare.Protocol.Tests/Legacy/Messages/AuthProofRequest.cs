using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>SCRAM client-final message.</summary>
/// <param name="CombinedNonce">The combined nonce from the challenge.</param>
/// <param name="ClientProof">ClientKey XOR ClientSignature.</param>
public sealed record AuthProofRequest(string CombinedNonce, byte[] ClientProof) : Message
{
    internal const int FieldCount = 2;

    /// <inheritdoc />
    public override MessageType Type => MessageType.AuthProof;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(CombinedNonce);
        writer.WriteBinary(ClientProof);
    }

    internal static AuthProofRequest ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadString(ProtocolLimits.MaxStringBytes),
            reader.ReadBinary(ProtocolLimits.Sha256Bytes, "ClientProof"));
}
