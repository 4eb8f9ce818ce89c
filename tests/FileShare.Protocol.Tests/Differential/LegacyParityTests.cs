using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.TestSupport;
using Xunit.Abstractions;
using HandWritten = FileShare.Protocol.Tests.Legacy.Messages;

namespace FileShare.Protocol.Tests.Differential;

/// <summary>
/// The MessagePack-CSharp codec against the hand-written codec it replaced (kept frozen under Legacy/ while both
/// exist): the same bytes for every vector and for a seeded random corpus, and the same verdict (accepted with the
/// same message, or refused with the same error code and request id) for every hostile and mutated datagram.
/// </summary>
public sealed class LegacyParityTests(ITestOutputHelper output)
{
    private const int RandomMessageCount = 3_000;

    private static string NewVerdict(byte[] datagram) => Verdict.Of(() => MessageCodec.Encode(MessageCodec.Decode(datagram)));

    private static string LegacyVerdict(byte[] datagram) => Verdict.Of(() => HandWritten.MessageCodec.Encode(HandWritten.MessageCodec.Decode(datagram)));

    private int _compared;

    private void AssertSameVerdict(byte[] datagram)
    {
        _compared++;
        var legacy = LegacyVerdict(datagram);
        var library = NewVerdict(datagram);
        Assert.True(legacy == library, $"input {Bytes.Hex(datagram)}\n hand-written: {legacy}\n library:      {library}");
    }

    private static List<byte[]> ValidDatagrams() =>
        [.. SampleMessages.All.Select(s => MessageCodec.Encode(s.Envelope))];

    [Fact]
    public void EverySampleMessageEncodesToTheBytesTheHandWrittenCodecReadsAndWritesBack()
    {
        foreach (var datagram in ValidDatagrams())
        {
            Assert.Equal(Bytes.Hex(datagram), Bytes.Hex(HandWritten.MessageCodec.Encode(HandWritten.MessageCodec.Decode(datagram))));
        }
    }

    [Fact]
    public void SeededRandomMessagesEncodeIdenticallyInBothCodecs()
    {
        var random = new Random(3000);
        for (var i = 0; i < RandomMessageCount; i++)
        {
            var envelope = RandomMessages.Envelope(random);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            MessageCodec.Encode(envelope, buffer);
            var bytes = buffer.WrittenSpan.ToArray();
            if (bytes.Length > ProtocolLimits.MaxDatagramBytes)
            {
                continue; // both refuse to decode it, as the size tests show; the bytes are compared below anyway
            }

            Assert.Equal(Bytes.Hex(bytes), Bytes.Hex(HandWritten.MessageCodec.Encode(HandWritten.MessageCodec.Decode(bytes))));
            Assert.Equal(envelope.Message.Type, MessageCodec.Decode(bytes).Message.Type);
        }
    }

    [Fact]
    public void HostileDatagramsGetTheSameVerdictFromBothCodecs()
    {
        foreach (var hostile in HostileDatagrams.All)
        {
            AssertSameVerdict(hostile.Bytes);
        }
    }

    [Fact]
    public void MutatedDatagramsGetTheSameVerdict()
    {
        foreach (var datagram in MutatedCorpus.All())
        {
            AssertSameVerdict(datagram);
        }

        output.WriteLine($"{_compared} datagrams compared; verdict digest of the hand-written codec: {FileShare.Protocol.Tests.Messages.MutatedCorpusTests.VerdictDigest(LegacyVerdict)}");
        Assert.True(_compared >= 50_000);
    }
}
