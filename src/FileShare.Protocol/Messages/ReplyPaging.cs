using System.Text;

namespace FileShare.Protocol.Messages;

/// <summary>
/// Cuts sorted lists into reply pages that each fit one datagram. The requester asks for the next
/// page by sending the last name it got as the <c>After</c> cursor.
/// </summary>
public static class ReplyPaging
{
    /// <summary>Bytes a page's items may take.</summary>
    public const int PageBudgetBytes = ProtocolLimits.MaxDatagramBytes - ProtocolLimits.ReplyEnvelopeReserveBytes;

    /// <summary>Takes names from <paramref name="sortedNames"/> (already past the cursor) until the page is full.</summary>
    public static NameListReply NamePage(IEnumerable<string> sortedNames)
    {
        ArgumentNullException.ThrowIfNull(sortedNames);
        var page = new List<string>();
        var used = 0;
        foreach (var name in sortedNames)
        {
            var cost = StringCost(name);
            if (page.Count == ProtocolLimits.MaxCollectionItems || used + cost > PageBudgetBytes)
            {
                return new NameListReply(page, More: true);
            }

            page.Add(name);
            used += cost;
        }

        return new NameListReply(page, More: false);
    }

    /// <summary>Takes candidates (sorted by user name, already past the cursor) until the page is full.</summary>
    public static FileCandidatesReply CandidatePage(IEnumerable<FileCandidate> sortedCandidates)
    {
        ArgumentNullException.ThrowIfNull(sortedCandidates);
        var page = new List<FileCandidate>();
        var used = 0;
        foreach (var candidate in sortedCandidates)
        {
            var cost = CandidateCost(candidate.UserName, candidate.Address, candidate.Sha256.Length, candidate.Ticket.Length);
            if (page.Count == ProtocolLimits.MaxCollectionItems || used + cost > PageBudgetBytes)
            {
                return new FileCandidatesReply(page, More: true);
            }

            page.Add(candidate);
            used += cost;
        }

        return new FileCandidatesReply(page, More: false);
    }

    /// <summary>Takes peers (sorted by user name, already past the cursor) until the page is full.</summary>
    public static PeerListReply PeerPage(IEnumerable<PeerEntry> sortedPeers)
    {
        ArgumentNullException.ThrowIfNull(sortedPeers);
        var page = new List<PeerEntry>();
        var used = 0;
        foreach (var peer in sortedPeers)
        {
            var cost = PeerCost(peer.UserName, peer.Address);
            if (page.Count == ProtocolLimits.MaxCollectionItems || used + cost > PageBudgetBytes)
            {
                return new PeerListReply(page, More: true);
            }

            page.Add(peer);
            used += cost;
        }

        return new PeerListReply(page, More: false);
    }

    // Upper bounds of the MessagePack encodings, so a page never overflows; shared with ReplyPageWriter, so both cut
    // a page at the same item.
    internal static int StringCost(string value) => Encoding.UTF8.GetByteCount(value) + 3;

    internal static int PeerCost(string userName, string address) => 1 + StringCost(userName) + StringCost(address) + 3;

    internal static int CandidateCost(string userName, string address, int sha256Length, int ticketLength) =>
        1 + StringCost(userName) + StringCost(address) + 3 + 9 + 2 + sha256Length + 9 + 2 + ticketLength;
}
