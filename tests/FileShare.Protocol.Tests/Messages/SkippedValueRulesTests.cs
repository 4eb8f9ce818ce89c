using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.TestSupport;
using FileShare.Protocol.Transfer;

namespace FileShare.Protocol.Tests.Messages;

/// <summary>PROTOCOL.md §3 "Skipped values": what a decoder accepts in a trailing field it does not know.</summary>
public sealed class SkippedValueRulesTests
{
    public static TheoryData<string, string> Accepted => new()
    {
        { "float32 and float64 (in an array)", "92 ca 3f c0 00 00 cb 3f f8 00 00 00 00 00 00" },
        { "map with str and int keys", "82 a1 61 92 cb 3f f8 00 00 00 00 00 00 ca 3f c0 00 00 01 c0" },
        { "fixext1, ext8, timestamp -1, ext32 (in an array)", "94 d4 05 00 c7 03 05 00 00 00 d6 ff 00 00 00 00 c9 00 00 00 02 7f 00 00" },
        { "str of 900 bytes", "da 03 84 " + string.Concat(Enumerable.Repeat("61 ", 900)) },
        { "bin of 900 bytes", "c5 03 84 " + string.Concat(Enumerable.Repeat("00 ", 900)) },
        { "array of 256 items", "dc 01 00 " + string.Concat(Enumerable.Repeat("00 ", 256)) },
        { "map of 256 pairs", "de 01 00 " + string.Concat(Enumerable.Repeat("00 00 ", 256)) },
        { "16 nested arrays", string.Concat(Enumerable.Repeat("91 ", 16)) + "c0" },
        { "a map and 15 arrays inside it", "81 a1 6b " + string.Concat(Enumerable.Repeat("91 ", 15)) + "c0" },
    };

    public static TheoryData<string, string> Refused => new()
    {
        { "17 nested arrays", string.Concat(Enumerable.Repeat("91 ", 17)) + "c0" },
        { "a map and 16 arrays inside it", "81 a1 6b " + string.Concat(Enumerable.Repeat("91 ", 16)) + "c0" },
        { "array of 257 items", "dc 01 01 " + string.Concat(Enumerable.Repeat("00 ", 257)) },
        { "map of 257 pairs", "de 01 01 " + string.Concat(Enumerable.Repeat("00 00 ", 257)) },
        { "str that is not UTF-8", "a2 ff fe" },
        { "str that is not UTF-8, as a map key", "81 a1 ff 00" },
        { "the reserved byte c1", "c1" },
        { "bin longer than the bytes left", "c5 03 84 00" },
        { "ext longer than the bytes left", "c7 09 05 00" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void TrailingBodyFieldIsSkipped(string what, string hex)
    {
        var publish = Assert.IsType<PublishRequest>(MessageCodec.Decode(PublishWithExtra(hex)).Message);

        Assert.True(publish.Name == "a.txt", what);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void TrailingBodyFieldBreakingASkipRuleRejectsTheDatagram(string what, string hex)
    {
        var ex = Record.Exception(() => MessageCodec.Decode(PublishWithExtra(hex)));

        Assert.True(ex is ProtocolException { Code: ErrorCode.BadRequest }, $"{what}: {ex?.GetType().Name} {ex?.Message}");
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void TrailingTransferRequestFieldIsSkipped(string what, string hex)
    {
        var request = TransferFraming.DecodeRequest(TransferRequestWithExtra(hex));

        Assert.True(request.FileName == "a.txt", what);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void TrailingTransferRequestFieldBreakingASkipRuleIsRefused(string what, string hex)
    {
        var ex = Record.Exception(() => TransferFraming.DecodeRequest(TransferRequestWithExtra(hex)));

        Assert.True(ex is ProtocolException, $"{what}: {ex?.GetType().Name} {ex?.Message}");
    }

    private static byte[] PublishWithExtra(string hex) => RawEnvelope.Build(MessageType.Publish, w =>
    {
        w.WriteArrayHeader(4);
        w.Write("a.txt");
        w.Write(5L);
        w.WriteBinary(SampleMessages.Sha);
        w.WriteRaw(Bytes.FromHex(hex));
    });

    private static byte[] TransferRequestWithExtra(string hex) => Bytes.Write(w =>
    {
        w.WriteArrayHeader(9);
        w.Write(MessageCodec.Magic);
        w.Write(1L);
        w.Write("a.txt");
        w.Write(0L);
        w.Write("bob");
        w.WriteBinary(SampleMessages.Sha);
        w.Write(1767225600000L);
        w.WriteBinary(SampleMessages.Ticket);
        w.WriteRaw(Bytes.FromHex(hex));
    });
}
