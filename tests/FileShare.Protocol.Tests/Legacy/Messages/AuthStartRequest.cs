using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>SCRAM client-first message: who logs in, the client nonce, and the peer's TCP file-server port.</summary>
/// <param name="UserName">The account name.</param>
/// <param name="ClientNonce">Printable random nonce (no comma).</param>
/// <param name="FileServerPort">The TCP port of the peer's file server.</param>
public sealed record AuthStartRequest(string UserName, string ClientNonce, int FileServerPort) : Message
{
    internal const int FieldCount = 3;

    /// <inheritdoc />
    public override MessageType Type => MessageType.AuthStart;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(UserName);
        writer.Write(ClientNonce);
        writer.Write(FileServerPort);
    }

    internal static AuthStartRequest ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadString(ProtocolLimits.MaxUserNameBytes),
            reader.ReadString(ProtocolLimits.MaxStringBytes),
            (int)reader.ReadInt64(0, 65535, "FileServerPort"));
}
