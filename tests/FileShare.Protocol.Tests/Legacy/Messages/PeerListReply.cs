using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>One page of active peers with their addresses, sorted by user name.</summary>
/// <param name="Peers">The peers of this page.</param>
/// <param name="More">True when another page follows.</param>
public sealed record PeerListReply(IReadOnlyList<PeerEntry> Peers, bool More) : Message
{
    internal const int FieldCount = 2;

    /// <inheritdoc />
    public override MessageType Type => MessageType.PeerList;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.WriteArrayHeader(Peers.Count);
        foreach (var item in Peers)
        {
            item.Write(ref writer);
        }

        writer.Write(More);
    }

    internal static PeerListReply ReadBody(ref MessagePackReader reader) =>
        new(
            ReadPeers(ref reader),
            reader.ReadBoolean());

    private static PeerEntry[] ReadPeers(ref MessagePackReader reader)
    {
        var count = reader.ReadArrayHeader();
        var peers = new PeerEntry[count];
        for (var i = 0; i < count; i++)
        {
            peers[i] = PeerEntry.Read(ref reader);
        }

        return peers;
    }
}
