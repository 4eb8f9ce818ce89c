using System.Buffers;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.TestSupport;
using MessagePack;
using L = FileShare.Protocol.ProtocolLimits;

namespace FileShare.Protocol.Tests.Messages;

/// <summary>The pages the tracker writes in place are byte for byte the record pages of <see cref="ReplyPaging"/>.</summary>
public sealed class ReplyPageWriterTests
{
    private const int Cases = 400;

    [Fact]
    public void NamePagesWrittenInPlaceEqualTheRecordPages()
    {
        var random = new Random(1401);
        var page = new ReplyPageWriter();
        for (var i = 0; i < Cases; i++)
        {
            var names = Items(random, r => RandomMessages.Str(r, Shape(r, L.MaxFileNameBytes)));
            page.Clear();
            var more = names.Any(name => !page.TryAddName(name));

            Assert.Equal(RecordDatagram(random, ReplyPaging.NamePage(names), out var id), PageDatagram(page, MessageType.NameList, id, more));
        }
    }

    [Fact]
    public void PeerPagesWrittenInPlaceEqualTheRecordPages()
    {
        var random = new Random(1402);
        var page = new ReplyPageWriter();
        for (var i = 0; i < Cases; i++)
        {
            var peers = Items(random, r => new PeerEntry(
                RandomMessages.Str(r, Shape(r, L.MaxUserNameBytes)), RandomMessages.Str(r, Shape(r, 45)), RandomMessages.Int(r, 0, 65535)));
            page.Clear();
            var more = peers.Any(peer => !page.TryAddPeer(peer.UserName, peer.Address, peer.Port));

            Assert.Equal(RecordDatagram(random, ReplyPaging.PeerPage(peers), out var id), PageDatagram(page, MessageType.PeerList, id, more));
        }
    }

    [Fact]
    public void CandidatePagesWrittenInPlaceEqualTheRecordPages()
    {
        var random = new Random(1403);
        var page = new ReplyPageWriter();
        for (var i = 0; i < Cases; i++)
        {
            var candidates = Items(random, r => new FileCandidate(
                RandomMessages.Str(r, Shape(r, L.MaxUserNameBytes)),
                RandomMessages.Str(r, Shape(r, 45)),
                RandomMessages.Int(r, 0, 65535),
                RandomMessages.Long(r, 0, L.MaxFileSize),
                RandomMessages.Bytes(r, L.Sha256Bytes),
                RandomMessages.Long(r, long.MinValue, long.MaxValue),
                RandomMessages.Bytes(r, L.TicketKeyBytes)));
            page.Clear();
            var more = false;
            foreach (var c in candidates)
            {
                var room = page.HasRoomForCandidate(c.UserName, c.Address);
                var added = page.TryAddCandidate(c.UserName, c.Address, c.Port, c.Size, c.Sha256, c.TicketExpiresUnixMs, c.Ticket);
                Assert.Equal(room, added);
                if (!added)
                {
                    more = true;
                    break;
                }
            }

            Assert.Equal(RecordDatagram(random, ReplyPaging.CandidatePage(candidates), out var id), PageDatagram(page, MessageType.FileCandidates, id, more));
        }
    }

    [Fact]
    public void APageStopsAtTheItemLimitLikeTheRecordPage()
    {
        var page = new ReplyPageWriter();
        for (var i = 0; i < L.MaxCollectionItems; i++)
        {
            Assert.True(page.TryAddName(string.Empty));
        }

        Assert.False(page.TryAddName(string.Empty));
        Assert.Equal(L.MaxCollectionItems, page.Count);
    }

    [Fact]
    public void ReplyHeadAndBodyEqualTheEnvelopeOfMessageCodec()
    {
        var random = new Random(1404);
        var output = new ArrayBufferWriter<byte>();
        for (var i = 0; i < Cases; i++)
        {
            var message = RandomMessages.Message(random);
            var id = (uint)random.NextInt64(0, (long)uint.MaxValue + 1);
            output.ResetWrittenCount();
            var writer = new MessagePackWriter(output);
            ReplyEncoder.WriteHead(ref writer, message.Type, id);
            ReplyEncoder.WriteBody(ref writer, message);
            writer.Flush();

            var expected = new ArrayBufferWriter<byte>();
            MessageCodec.Encode(new Envelope(id, null, message), expected); // random messages may exceed a datagram
            Assert.Equal(expected.WrittenSpan.ToArray(), output.WrittenSpan.ToArray());
        }
    }

    /// <summary>A list biased to the page limits: many tiny items (the 256-item cut), few long ones (the byte cut), or none.</summary>
    private static List<T> Items<T>(Random random, Func<Random, T> item)
    {
        var count = random.Next(5) switch
        {
            0 => 0,
            1 => random.Next(250, 400),
            _ => random.Next(1, 60),
        };
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(item(random));
        }

        return items;
    }

    /// <summary>Mostly short strings, sometimes up to the field's limit.</summary>
    private static int Shape(Random random, int maxBytes) => random.Next(4) == 0 ? maxBytes : Math.Min(maxBytes, 12);

    private static byte[] RecordDatagram(Random random, Message reply, out uint requestId)
    {
        requestId = (uint)random.NextInt64(0, (long)uint.MaxValue + 1);
        return MessageCodec.Encode(new Envelope(requestId, null, reply));
    }

    private static byte[] PageDatagram(ReplyPageWriter page, MessageType type, uint requestId, bool more)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        ReplyEncoder.WriteHead(ref writer, type, requestId);
        page.WriteBody(ref writer, more);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }
}
