using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>One publisher of a file, as the tracker hands it to a downloader.</summary>
/// <param name="UserName">The publishing user.</param>
/// <param name="Address">The IP address the tracker saw the publisher log in from.</param>
/// <param name="Port">The publisher's TCP file-server port.</param>
/// <param name="Size">The published size in bytes.</param>
/// <param name="Sha256">The published SHA-256.</param>
/// <param name="TicketExpiresUnixMs">When the ticket stops being accepted (Unix time, milliseconds).</param>
/// <param name="Ticket">HMAC-SHA-256 under the publisher's ticket key; see <c>DownloadTicket</c>.</param>
public sealed record FileCandidate(
    string UserName,
    string Address,
    int Port,
    long Size,
    byte[] Sha256,
    long TicketExpiresUnixMs,
    byte[] Ticket)
{
    internal const int FieldCount = 7;

    internal void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(UserName);
        writer.Write(Address);
        writer.Write(Port);
        writer.Write(Size);
        writer.WriteBinary(Sha256);
        writer.Write(TicketExpiresUnixMs);
        writer.WriteBinary(Ticket);
    }

    internal static FileCandidate Read(ref MessagePackReader reader)
    {
        var extra = reader.ReadRecordHeader(FieldCount, "A file candidate");

        var candidate = new FileCandidate(
            reader.ReadString(ProtocolLimits.MaxUserNameBytes),
            reader.ReadString(ProtocolLimits.MaxStringBytes),
            (int)reader.ReadInt64(0, 65535, "Port"),
            reader.ReadInt64(0, ProtocolLimits.MaxFileSize, "Size"),
            reader.ReadBinary(ProtocolLimits.Sha256Bytes, "Sha256"),
            reader.ReadInt64(),
            reader.ReadBinary(ProtocolLimits.TicketKeyBytes, "Ticket"));
        reader.SkipValues(extra);

        return candidate;
    }
}
