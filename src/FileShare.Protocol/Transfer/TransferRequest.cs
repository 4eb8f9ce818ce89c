namespace FileShare.Protocol.Transfer;

/// <summary>What a downloader sends when it opens a TCP connection to a publisher's file server.</summary>
/// <param name="FileName">The published file name.</param>
/// <param name="Offset">Where to start: 0, or the length already held for a resume.</param>
/// <param name="Requester">The downloading user, as named in the ticket.</param>
/// <param name="Sha256">The hash the ticket was issued for.</param>
/// <param name="TicketExpiresUnixMs">The ticket's expiry (Unix time, milliseconds).</param>
/// <param name="Ticket">The download ticket from the tracker.</param>
public sealed record TransferRequest(
    string FileName,
    long Offset,
    string Requester,
    byte[] Sha256,
    long TicketExpiresUnixMs,
    byte[] Ticket);
