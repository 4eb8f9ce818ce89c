using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>One publisher of a file, as the tracker hands it to a downloader.</summary>
/// <param name="UserName">The publishing user.</param>
/// <param name="Address">The IP address the tracker saw the publisher log in from.</param>
/// <param name="Port">The publisher's TCP file-server port.</param>
/// <param name="Size">The published size in bytes.</param>
/// <param name="Sha256">The published SHA-256.</param>
/// <param name="TicketExpiresUnixMs">When the ticket stops being accepted (Unix time, milliseconds).</param>
/// <param name="Ticket">HMAC-SHA-256 under the publisher's ticket key; see <see cref="Security.DownloadTicket"/>.</param>
[MessagePackObject]
public sealed record FileCandidate(
    [property: Key(0), Str(ProtocolLimits.MaxUserNameBytes)] string UserName,
    [property: Key(1), Str(ProtocolLimits.MaxStringBytes)] string Address,
    [property: Key(2), Int32Range(0, 65535)] int Port,
    [property: Key(3), Int64Range(0, ProtocolLimits.MaxFileSize)] long Size,
    [property: Key(4), Bin(ProtocolLimits.Sha256Bytes)] byte[] Sha256,
    [property: Key(5)] long TicketExpiresUnixMs,
    [property: Key(6), Bin(ProtocolLimits.TicketKeyBytes)] byte[] Ticket);
