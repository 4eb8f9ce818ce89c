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

    private static string Hex(byte[] bytes) => string.Join(' ', bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
