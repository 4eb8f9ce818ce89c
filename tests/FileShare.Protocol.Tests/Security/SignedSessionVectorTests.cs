using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;

namespace FileShare.Protocol.Tests.Security;

/// <summary>
/// The vectors of PROTOCOL.md §10.6 and §20.3 for signed sessions, from the RFC 7677 login of §10.5. The expected values
/// were computed apart from this code base (Python's hmac and hashlib), so they check the derivation, not just pin it.
/// </summary>
public sealed class SignedSessionVectorTests
{
    private const string ClientKey = "a60fc923d67e8644a92d16b96eda5ef4656b0c725c484374be25535576996e8b";
    private const string ServerKey = "c1f3cbc1c13a9d35a14c0990eed97629ea225863e566a4314ab99f3f00e5d9d5";
    private const string AuthMessage =
        "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";

    private static readonly byte[] Token = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];

    private static SessionKeys Keys => SessionKeys.Derive(Convert.FromHexString(ClientKey), Convert.FromHexString(ServerKey), AuthMessage);

    [Fact]
    public void SessionKeysOfTheRfcLoginAreTheDocumentedOnes()
    {
        Assert.Equal("fac785027d0bdd545a0ece0c874a70acb3ec040fd8d4f8bd562e69be5cc16c40", Convert.ToHexStringLower(Keys.RequestKey));
        Assert.Equal("8eee8cae980afe2be9171083f918d9528363340d4cb612c5d0731e51ca1e8fcb", Convert.ToHexStringLower(Keys.ReplyKey));
        Assert.Equal("dfe5df58d2739e2e0ce87f6b45d65bd9bc011fa794f73b446b34537a50717adc", Convert.ToHexStringLower(Keys.TicketKeyMask));
    }

    [Fact]
    public void SignedHeartbeatIsTheDocumentedBytes()
    {
        var datagram = MessageCodec.EncodeSigned(new Envelope(300, Token, new HeartbeatRequest()) { Counter = 1 }, Keys.RequestKey);

        Assert.Equal(
            "98 cd 46 53 02 20 cd 01 2c c4 10 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 01 90 c4 10 6f a8 d9 cf d1 7f 17 57 f4 fb df 58 3c 05 1e 1a",
            Hex(datagram));
        Assert.True(SessionMac.Verify(Keys.RequestKey, datagram));
        Assert.False(SessionMac.Verify(Keys.ReplyKey, datagram)); // a request never passes for a reply
    }

    [Fact]
    public void SignedOkReplyIsTheDocumentedBytes()
    {
        var datagram = MessageCodec.EncodeSigned(new Envelope(300, Token, new OkReply()) { Counter = 1 }, Keys.ReplyKey);

        Assert.Equal(
            "98 cd 46 53 02 50 cd 01 2c c4 10 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 01 90 c4 10 29 d9 fc de 79 62 43 77 14 c3 3b fe 92 5c 0e 51",
            Hex(datagram));
    }

    public static TheoryData<string, string> WorkedExamples() => new()
    {
        { "publish", "98 cd 46 53 02 30 07 c4 10 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 02 93 a9 6e 6f 74 65 73 2e 74 78 74 cd 04 d2 c4 20 ad 47 fd 9e 87 15 9d 65 1a 53 b3 df ba 3e f2 00 68 4a 9e d8 8c 25 28 b6 2e 18 f3 88 1f e2 03 b0 c4 10 73 f2 52 48 bf 4a 65 15 61 3a 48 7c e7 ad 6c 64" },
        { "ok", "98 cd 46 53 02 50 07 c4 10 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 02 90 c4 10 4b 19 3a c7 6c c6 fd f4 99 a2 16 52 12 3c 8f 41" },
        { "search", "98 cd 46 53 02 34 08 c4 10 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 03 92 a2 72 65 c0 c4 10 1b 42 7f 1a 9a 9e b5 a2 d6 8b 3f 23 d4 cc 53 20" },
        { "namelist", "98 cd 46 53 02 52 08 c4 10 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 03 92 92 a9 72 65 61 64 6d 65 2e 6d 64 aa 72 65 70 6f 72 74 2e 70 64 66 c2 c4 10 2b ea 93 af e6 35 6a 0a df 55 56 12 de 98 26 cc" },
        { "next page", "98 cd 46 53 02 34 09 c4 10 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 04 92 a2 72 65 aa 72 65 70 6f 72 74 2e 70 64 66 c4 10 c1 4d be 4d 8e 68 cb 99 c9 c2 53 e2 86 95 aa eb" },
        { "not published", "98 cd 46 53 02 51 0a c4 10 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 05 92 08 d9 22 59 6f 75 20 68 61 76 65 20 6e 6f 74 20 70 75 62 6c 69 73 68 65 64 20 27 6e 6f 74 65 73 2e 74 78 74 27 c4 10 93 db 2f 9f 1b 17 44 ca 3d 88 8a e4 4e 25 ad 8c" },
    };

    [Theory]
    [MemberData(nameof(WorkedExamples))]
    public void WorkedExamplesOfSection20AreTheCodecsBytes(string name, string hex)
    {
        var sha = Convert.FromHexString("ad47fd9e87159d651a53b3dfba3ef200684a9ed88c2528b62e18f3881fe203b0");
        (Envelope Envelope, byte[] Key) example = name switch
        {
            "publish" => (new Envelope(7, Token, new PublishRequest("notes.txt", 1234, sha)) { Counter = 2 }, Keys.RequestKey),
            "ok" => (new Envelope(7, Token, new OkReply()) { Counter = 2 }, Keys.ReplyKey),
            "search" => (new Envelope(8, Token, new SearchRequest("re", null)) { Counter = 3 }, Keys.RequestKey),
            "namelist" => (new Envelope(8, Token, new NameListReply(["readme.md", "report.pdf"], false)) { Counter = 3 }, Keys.ReplyKey),
            "next page" => (new Envelope(9, Token, new SearchRequest("re", "report.pdf")) { Counter = 4 }, Keys.RequestKey),
            _ => (new Envelope(10, Token, new ErrorReply(ErrorCode.NotPublished, "You have not published 'notes.txt'")) { Counter = 5 }, Keys.ReplyKey),
        };

        Assert.Equal(hex, Hex(MessageCodec.EncodeSigned(example.Envelope, example.Key)));
    }

    [Fact]
    public void SignedEnvelopeDecodesWithItsCounter()
    {
        var datagram = MessageCodec.EncodeSigned(new Envelope(9, Token, new SearchRequest("re", null)) { Counter = 70_000 }, Keys.RequestKey);

        var envelope = MessageCodec.Decode(datagram);

        Assert.Equal((9u, 70_000L, MessageType.Search), (envelope.RequestId, envelope.Counter!.Value, envelope.Message.Type));
        Assert.True(MessageCodec.TryPeekHead(datagram, out DatagramHead head));
        Assert.Equal((70_000L, true), (head.Counter!.Value, head.Token.SequenceEqual(Token)));
    }

    [Fact]
    public void EveryFlippedBitBreaksTheMac()
    {
        var datagram = MessageCodec.EncodeSigned(new Envelope(5, Token, new PublishRequest("a.txt", 1, new byte[32])) { Counter = 3 }, Keys.RequestKey);
        for (var bit = 0; bit < datagram.Length * 8; bit++)
        {
            var flipped = (byte[])datagram.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(SessionMac.Verify(Keys.RequestKey, flipped), $"bit {bit} flipped still verifies");
        }
    }

    [Fact]
    public void TicketKeyMaskIsItsOwnInverse()
    {
        var ticketKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

        Assert.Equal(ticketKey, Keys.MaskTicketKey(Keys.MaskTicketKey(ticketKey)));
        Assert.NotEqual(ticketKey, Keys.MaskTicketKey(ticketKey));
    }

    [Fact]
    public void SignedHeartbeatFastPathAllocatesNothing()
    {
        var keys = Keys;
        var datagram = MessageCodec.EncodeSigned(new Envelope(7, Token, new HeartbeatRequest()) { Counter = 1 }, keys.RequestKey);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(MessageCodec.TryReadHeartbeat(datagram, out DatagramHead _) && SessionMac.Verify(keys.RequestKey, datagram));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _ = MessageCodec.TryReadHeartbeat(datagram, out DatagramHead _) && SessionMac.Verify(keys.RequestKey, datagram);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ReusedMacContextAgreesWithTheOneShotAndAllocatesNothing()
    {
        var keys = Keys;
        var datagram = MessageCodec.EncodeSigned(new Envelope(7, Token, new HeartbeatRequest()) { Counter = 9 }, keys.RequestKey);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        MessageCodec.EncodeSigned(new Envelope(7, Token, new HeartbeatRequest()) { Counter = 9 }, keys.RequestMac, buffer);

        Assert.Equal(datagram, buffer.WrittenSpan.ToArray());
        Assert.True(keys.RequestMac.Verify(datagram));
        Assert.False(keys.ReplyMac.Verify(datagram));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _ = keys.RequestMac.Verify(datagram);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Hex(byte[] bytes) => string.Join(' ', bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
