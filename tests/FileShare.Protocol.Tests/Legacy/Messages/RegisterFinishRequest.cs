using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>The new account's SCRAM keys, derived on the client; the password itself never travels.</summary>
/// <param name="UserName">Account name.</param>
/// <param name="Salt">The salt from the challenge.</param>
/// <param name="StoredKey">H(ClientKey).</param>
/// <param name="ServerKey">HMAC(SaltedPassword, "Server Key").</param>
public sealed record RegisterFinishRequest(string UserName, byte[] Salt, byte[] StoredKey, byte[] ServerKey) : Message
{
    internal const int FieldCount = 4;

    /// <inheritdoc />
    public override MessageType Type => MessageType.RegisterFinish;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(UserName);
        writer.WriteBinary(Salt);
        writer.WriteBinary(StoredKey);
        writer.WriteBinary(ServerKey);
    }

    internal static RegisterFinishRequest ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadString(ProtocolLimits.MaxUserNameBytes),
            reader.ReadBinary(ProtocolLimits.MaxBinaryBytes),
            reader.ReadBinary(ProtocolLimits.Sha256Bytes, "StoredKey"),
            reader.ReadBinary(ProtocolLimits.Sha256Bytes, "ServerKey"));
}
