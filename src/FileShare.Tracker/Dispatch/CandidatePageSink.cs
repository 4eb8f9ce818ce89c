using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker.Network;
using FileShare.Tracker.Publications;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Dispatch;

/// <summary>Puts the publishers of a file, each with a fresh download ticket, on a candidates page (get).</summary>
internal sealed class CandidatePageSink(ReplyPageWriter page, SessionRegistry sessions, LocalAddressResolver addresses) : IPublicationSink
{
    /// <summary>Who asked: the ticket is issued to this user.</summary>
    public Session Requester { get; set; } = null!;

    /// <summary>When the tickets of this page expire (Unix time, milliseconds).</summary>
    public long ExpiresUnixMs { get; set; }

    public bool TryAdd(Publication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        if (!sessions.TryGetActive(publication.Owner, out var publisher) || addresses.AddressFor(publisher, Requester) is not { } address)
        {
            return true; // skipped: gone since the index looked, or no address the requester can reach
        }

        if (!page.HasRoomForCandidate(publication.Owner, address))
        {
            return false; // checked before the ticket is computed, not after
        }

        Span<byte> sha256 = stackalloc byte[ProtocolLimits.Sha256Bytes];
        Span<byte> ticket = stackalloc byte[ProtocolLimits.TicketKeyBytes];
        publication.Digest.CopyTo(sha256);
        DownloadTicket.Compute(publisher.TicketKey, Requester.UserName, publication.Name, sha256, ExpiresUnixMs, ticket);
        return page.TryAddCandidate(publication.Owner, address, publisher.FileServerPort, publication.Size, sha256, ExpiresUnixMs, ticket);
    }
}
