using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Proof of the old password and the new keys.</summary>
/// <param name="Nonce">The nonce of the challenge.</param>
/// <param name="OldPasswordProof">ClientKey(old) XOR HMAC(StoredKey(old), change message).</param>
/// <param name="NewStoredKey">StoredKey of the new password.</param>
/// <param name="NewServerKey">ServerKey of the new password.</param>
public sealed record ChangePasswordFinishRequest(string Nonce, byte[] OldPasswordProof, byte[] NewStoredKey, byte[] NewServerKey) : Message
{
    internal const int FieldCount = 4;

    /// <inheritdoc />
    public override MessageType Type => MessageType.ChangePasswordFinish;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(Nonce);
        writer.WriteBinary(OldPasswordProof);
        writer.WriteBinary(NewStoredKey);
        writer.WriteBinary(NewServerKey);
    }

    internal static ChangePasswordFinishRequest ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadString(ProtocolLimits.MaxStringBytes),
            reader.ReadBinary(ProtocolLimits.Sha256Bytes, "OldPasswordProof"),
            reader.ReadBinary(ProtocolLimits.Sha256Bytes, "NewStoredKey"),
            reader.ReadBinary(ProtocolLimits.Sha256Bytes, "NewServerKey"));
}
