using FileShare.Protocol.Messages;
using FileShare.Protocol.Transfer;
using FileShare.Protocol.Tests.TestSupport;

namespace FileShare.Protocol.Tests.Transfer;

/// <summary>The length-prefixed TCP transfer headers.</summary>
public sealed class TransferFramingTests
{
    private static readonly TransferRequest Request =
        new("holiday photos 2024.zip", 1_048_576, "bob", SampleMessages.Sha, 1_767_225_600_000L, SampleMessages.Ticket);

    private static readonly TransferResponse OkResponse =
        new(TransferStatus.Ok, 734_003_200L, SampleMessages.Sha, string.Empty);

    private static readonly TransferResponse Refusal =
        new(TransferStatus.InvalidTicket, 0, null, "ticket expired");

    private static byte[] Payload(byte[] frame)
    {
        var length = TransferFraming.ReadLength(frame);
        Assert.Equal(frame.Length - TransferFraming.PrefixBytes, length);
        return frame[TransferFraming.PrefixBytes..];
    }

    private static byte[] Frame(WriteAction body) => Bytes.Write(body);

    [Fact]
    public void RequestRoundTripsThroughItsFrame()
    {
        var decoded = TransferFraming.DecodeRequest(Payload(TransferFraming.EncodeRequest(Request)));
        Assert.Equal(Request.FileName, decoded.FileName);
        Assert.Equal(Request.Offset, decoded.Offset);
        Assert.Equal(Request.Requester, decoded.Requester);
        Assert.Equal(Request.Sha256, decoded.Sha256);
        Assert.Equal(Request.TicketExpiresUnixMs, decoded.TicketExpiresUnixMs);
        Assert.Equal(Request.Ticket, decoded.Ticket);
        Assert.Equal(TransferFraming.EncodeRequest(Request), TransferFraming.EncodeRequest(decoded));
    }

    [Theory]
    [InlineData(TransferStatus.Ok)]
    [InlineData(TransferStatus.InvalidTicket)]
    [InlineData(TransferStatus.Unavailable)]
    public void ResponseRoundTripsThroughItsFrame(TransferStatus status)
    {
        var response = status == TransferStatus.Ok ? OkResponse : Refusal with { Status = status };
        var decoded = TransferFraming.DecodeResponse(Payload(TransferFraming.EncodeResponse(response)));
        Assert.Equal(response.Status, decoded.Status);
        Assert.Equal(response.Size, decoded.Size);
        Assert.Equal(response.Sha256, decoded.Sha256);
        Assert.Equal(response.Text, decoded.Text);
    }

    [Fact]
    public void RequestFrameHasThePinnedWireFormat()
    {
        var frame = TransferFraming.EncodeRequest(new TransferRequest("a", 0, "b", Bytes.Filled(32, 0x11), 1, Bytes.Filled(32, 0x22)));
        var body = "98" + "cd4653" + "01" + "a161" + "00" + "a162" + "c420" + string.Concat(Enumerable.Repeat("11", 32))
            + "01" + "c420" + string.Concat(Enumerable.Repeat("22", 32));
        Assert.Equal((body.Length / 2).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + body, Bytes.Hex(frame));
    }

    [Fact]
    public void EveryTruncatedFrameIsRejected()
    {
        foreach (var payload in new[] { Payload(TransferFraming.EncodeRequest(Request)), Payload(TransferFraming.EncodeResponse(OkResponse)), Payload(TransferFraming.EncodeResponse(Refusal)) })
        {
            for (var length = 0; length < payload.Length; length++)
            {
                var prefix = payload[..length];
                Assert.Throws<ProtocolException>(() => TransferFraming.DecodeRequest(prefix));
                Assert.Throws<ProtocolException>(() => TransferFraming.DecodeResponse(prefix));
            }
        }
    }

    [Theory]
    [InlineData("00000000")]
    [InlineData("00000801")]
    [InlineData("ffffffff")]
    public void LengthPrefixOutsideTheLimitIsRejected(string hex)
    {
        var ex = Assert.Throws<ProtocolException>(() => TransferFraming.ReadLength(Bytes.FromHex(hex)));
        Assert.Contains($"outside 1..{ProtocolLimits.MaxTransferHeaderBytes}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LengthPrefixAtTheLimitIsAccepted()
    {
        Assert.Equal(ProtocolLimits.MaxTransferHeaderBytes, TransferFraming.ReadLength(Bytes.FromHex("00000800")));
        Assert.Equal(1, TransferFraming.ReadLength(Bytes.FromHex("00000001")));
    }

    [Fact]
    public void ShortLengthPrefixIsRejected()
    {
        var ex = Assert.Throws<ProtocolException>(() => TransferFraming.ReadLength(Bytes.FromHex("000008")));
        Assert.Contains("Truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongMagicIsRejected()
    {
        var payload = Frame(w =>
        {
            w.WriteArrayHeader(6);
            w.Write(0x1234);
            w.Write(1);
            w.Write(0);
            w.Write(0L);
            w.WriteNil();
            w.Write(string.Empty);
        });
        var ex = Assert.Throws<ProtocolException>(() => TransferFraming.DecodeResponse(payload));
        Assert.Contains("wrong magic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedVersionIsRejectedWithItsCode()
    {
        var payload = Frame(w =>
        {
            w.WriteArrayHeader(8);
            w.Write(MessageCodec.Magic);
            w.Write(9);
            w.Write("future");
        });
        var ex = Assert.Throws<ProtocolException>(() => TransferFraming.DecodeRequest(payload));
        Assert.Equal(ErrorCode.UnsupportedVersion, ex.Code);
        Assert.Contains("Unsupported protocol version 9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestWithFewerFieldsThanRequiredIsRejected()
    {
        var payload = Frame(w =>
        {
            w.WriteArrayHeader(3);
            w.Write(MessageCodec.Magic);
            w.Write(MessageCodec.Version);
            w.Write("a.txt");
        });
        var ex = Assert.Throws<ProtocolException>(() => TransferFraming.DecodeRequest(payload));
        Assert.Contains("needs 8 fields, not 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraTrailingFieldsAreSkipped()
    {
        var payload = Frame(w =>
        {
            w.WriteArrayHeader(8);
            w.Write(MessageCodec.Magic);
            w.Write(MessageCodec.Version);
            w.Write((int)TransferStatus.NotFound);
            w.Write(0L);
            w.WriteNil();
            w.Write("gone");
            w.WriteArrayHeader(1);
            w.Write(true);
            w.WriteBinary([1, 2, 3]);
        });
        var response = TransferFraming.DecodeResponse(payload);
        Assert.Equal(TransferStatus.NotFound, response.Status);
        Assert.Equal("gone", response.Text);
    }

    [Fact]
    public void TrailingBytesAfterTheHeaderAreRejected()
    {
        var payload = Bytes.Concat(Payload(TransferFraming.EncodeRequest(Request)), [0x00]);
        var ex = Assert.Throws<ProtocolException>(() => TransferFraming.DecodeRequest(payload));
        Assert.Contains("trailing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SuccessfulResponseWithoutAHashIsRejected()
    {
        var payload = Payload(TransferFraming.EncodeResponse(new TransferResponse(TransferStatus.Ok, 10, null, string.Empty)));
        var ex = Assert.Throws<ProtocolException>(() => TransferFraming.DecodeResponse(payload));
        Assert.Contains("SHA-256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeOffsetIsRejected()
    {
        var payload = Payload(TransferFraming.EncodeRequest(Request with { Offset = -1 }));
        var ex = Assert.Throws<ProtocolException>(() => TransferFraming.DecodeRequest(payload));
        Assert.Contains("'Offset'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestDecodedFromAResponseFrameIsRejected()
    {
        Assert.Throws<ProtocolException>(() => TransferFraming.DecodeRequest(Payload(TransferFraming.EncodeResponse(OkResponse))));
        Assert.Throws<ProtocolException>(() => TransferFraming.DecodeResponse(Payload(TransferFraming.EncodeRequest(Request))));
    }

    [Fact]
    public void LongestLegalRequestFitsTheFrameLimit()
    {
        var longest = new TransferRequest(SampleMessages.LongName, ProtocolLimits.MaxFileSize, new string('u', ProtocolLimits.MaxUserNameBytes), SampleMessages.Sha, long.MinValue, SampleMessages.Ticket);
        var frame = TransferFraming.EncodeRequest(longest);
        Assert.True(frame.Length - TransferFraming.PrefixBytes <= ProtocolLimits.MaxTransferHeaderBytes);
        Assert.Equal(longest.FileName, TransferFraming.DecodeRequest(Payload(frame)).FileName);
    }
}
