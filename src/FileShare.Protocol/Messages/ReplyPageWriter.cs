using System.Buffers;
using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>
/// Builds one reply page item by item in a reused buffer and writes it as the body of a <see cref="NameListReply"/>,
/// <see cref="PeerListReply"/> or <see cref="FileCandidatesReply"/>: the same bytes and the same page cut as
/// <see cref="ReplyPaging"/> and the record formatters, without a list of records per page.
/// </summary>
/// <remarks>
/// Hand-written encoding: the library writes a reply only from a materialised record (a list and one record per item,
/// copies of hashes and tickets), and the tracker's read replies are meant to allocate nothing. Each item is laid out
/// as its record formatter lays it out; tests compare the two for random inputs. One instance per thread.
/// </remarks>
public sealed class ReplyPageWriter
{
    private const int CandidateFields = 7;
    private const int PeerFields = 3;
    private const int ReplyFields = 2;

    private readonly ArrayBufferWriter<byte> _items = new(ProtocolLimits.MaxDatagramBytes);
    private int _used;

    /// <summary>Items on the page so far.</summary>
    public int Count { get; private set; }

    /// <summary>Empties the page for the next reply.</summary>
    public void Clear()
    {
        _items.ResetWrittenCount();
        _used = 0;
        Count = 0;
    }

    /// <summary>Adds a name of a <see cref="NameListReply"/>; false, and nothing added, when the page is full.</summary>
    public bool TryAddName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!TryReserve(ReplyPaging.StringCost(name)))
        {
            return false;
        }

        var writer = new MessagePackWriter(_items) { OldSpec = false };
        Strict.WriteString(ref writer, name);
        writer.Flush();
        return true;
    }

    /// <summary>Adds a <see cref="PeerEntry"/>; false, and nothing added, when the page is full.</summary>
    public bool TryAddPeer(string userName, string address, int port)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(address);
        if (!TryReserve(ReplyPaging.PeerCost(userName, address)))
        {
            return false;
        }

        var writer = new MessagePackWriter(_items) { OldSpec = false };
        writer.WriteArrayHeader(PeerFields);
        Strict.WriteString(ref writer, userName);
        Strict.WriteString(ref writer, address);
        writer.Write(port);
        writer.Flush();
        return true;
    }

    /// <summary>Whether a <see cref="FileCandidate"/> of this user and address still fits (checked before its ticket is computed).</summary>
    public bool HasRoomForCandidate(string userName, string address) =>
        Count < ProtocolLimits.MaxCollectionItems && _used + CandidateCost(userName, address) <= ReplyPaging.PageBudgetBytes;

    /// <summary>Adds a <see cref="FileCandidate"/>; false, and nothing added, when the page is full.</summary>
    public bool TryAddCandidate(
        string userName, string address, int port, long size, ReadOnlySpan<byte> sha256, long ticketExpiresUnixMs, ReadOnlySpan<byte> ticket)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(address);
        if (!TryReserve(ReplyPaging.CandidateCost(userName, address, sha256.Length, ticket.Length)))
        {
            return false;
        }

        var writer = new MessagePackWriter(_items) { OldSpec = false };
        writer.WriteArrayHeader(CandidateFields);
        Strict.WriteString(ref writer, userName);
        Strict.WriteString(ref writer, address);
        writer.Write(port);
        writer.Write(size);
        writer.Write(sha256);
        writer.Write(ticketExpiresUnixMs);
        writer.Write(ticket);
        writer.Flush();
        return true;
    }

    /// <summary>Writes the page as a reply body: <c>[items, more]</c>, the layout of all three page replies.</summary>
    public void WriteBody(ref MessagePackWriter writer, bool more)
    {
        writer.WriteArrayHeader(ReplyFields);
        writer.WriteArrayHeader(Count);
        writer.WriteRaw(_items.WrittenSpan);
        writer.Write(more);
    }

    private static int CandidateCost(string userName, string address) =>
        ReplyPaging.CandidateCost(userName, address, ProtocolLimits.Sha256Bytes, ProtocolLimits.TicketKeyBytes);

    private bool TryReserve(int cost)
    {
        if (Count == ProtocolLimits.MaxCollectionItems || _used + cost > ReplyPaging.PageBudgetBytes)
        {
            return false;
        }

        _used += cost;
        Count++;
        return true;
    }
}
