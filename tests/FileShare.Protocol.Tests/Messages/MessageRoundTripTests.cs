using System.Reflection;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.TestSupport;

namespace FileShare.Protocol.Tests.Messages;

/// <summary>Every control message survives encode/decode unchanged, and every prefix of one is rejected.</summary>
public sealed class MessageRoundTripTests
{
    public static TheoryData<string> SampleNames => SampleMessages.Names();

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void EveryMessageRoundTripsByteForByte(string sample)
    {
        var envelope = SampleMessages.Get(sample);
        var encoded = MessageCodec.Encode(envelope);

        var decoded = MessageCodec.Decode(encoded);

        Assert.Equal(envelope.RequestId, decoded.RequestId);
        Assert.Equal(envelope.SessionToken, decoded.SessionToken);
        Assert.Equal(envelope.Message.GetType(), decoded.Message.GetType());
        Assert.Equal(envelope.Message.Type, decoded.Message.Type);
        // Records holding byte[] and lists compare by reference, so compare the canonical encoding instead.
        Assert.Equal(Bytes.Hex(encoded), Bytes.Hex(MessageCodec.Encode(decoded)));
        Assert.True(encoded.Length <= ProtocolLimits.MaxDatagramBytes);
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void EveryMessageTruncatedAtEveryLengthIsRejected(string sample)
    {
        var encoded = MessageCodec.Encode(SampleMessages.Get(sample));
        for (var length = 0; length < encoded.Length; length++)
        {
            var prefix = encoded[..length];
            var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(prefix));
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
    }

    [Fact]
    public void SamplesCoverEveryMessageRecordAndEveryTypeId()
    {
        var recordTypes = typeof(Message).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Message)) && !t.IsAbstract)
            .ToHashSet();
        var sampled = SampleMessages.All.Select(s => s.Envelope.Message.GetType()).ToHashSet();
        Assert.Empty(recordTypes.Except(sampled).Select(t => t.Name));

        var typeIds = Enum.GetValues<MessageType>().ToHashSet();
        var sampledIds = SampleMessages.All.Select(s => s.Envelope.Message.Type).ToHashSet();
        Assert.Empty(typeIds.Except(sampledIds));
    }

    [Fact]
    public void TypeIdsAreDistinctAcrossMessageRecords()
    {
        var ids = SampleMessages.All
            .Select(s => s.Envelope.Message)
            .GroupBy(m => m.GetType())
            .Select(g => g.First().Type)
            .ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void DecodedFieldsEqualTheOriginalOnes()
    {
        var publish = (PublishRequest)MessageCodec.Decode(MessageCodec.Encode(SampleMessages.Get("PublishHuge"))).Message;
        Assert.Equal(SampleMessages.LongName, publish.Name);
        Assert.Equal(255, SampleMessages.LongNameBytes);
        Assert.Equal(ProtocolLimits.MaxFileSize, publish.Size);
        Assert.Equal(SampleMessages.Sha, publish.Sha256);

        var page = (FileCandidatesReply)MessageCodec.Decode(MessageCodec.Encode(SampleMessages.Get("FileCandidatesPage"))).Message;
        Assert.True(page.More);
        Assert.Equal(["alice", "bob", "carol"], page.Candidates.Select(c => c.UserName));
        Assert.Equal("2001:db8::1", page.Candidates[1].Address);
        Assert.Equal(65535, page.Candidates[1].Port);
        Assert.Equal(0, page.Candidates[2].Port);
        Assert.All(page.Candidates, c =>
        {
            Assert.Equal(734_003_200L, c.Size);
            Assert.Equal(SampleMessages.Sha, c.Sha256);
            Assert.Equal(1_767_225_600_000L, c.TicketExpiresUnixMs);
            Assert.Equal(SampleMessages.Ticket, c.Ticket);
        });

        var search = (SearchRequest)MessageCodec.Decode(MessageCodec.Encode(SampleMessages.Get("Search"))).Message;
        Assert.Null(search.After);
        var error = (ErrorReply)MessageCodec.Decode(MessageCodec.Encode(SampleMessages.Get("ErrorUnknownCode"))).Message;
        Assert.Equal((ErrorCode)999, error.Code);
        var rename = (RenameRequest)MessageCodec.Decode(MessageCodec.Encode(SampleMessages.Get("Rename"))).Message;
        Assert.Equal("final – v2 ✓.txt", rename.NewName);
    }

    [Fact]
    public void PublishRequestHasThePinnedWireFormat()
    {
        var envelope = new Envelope(7, Bytes.Filled(16, 0x22), new PublishRequest("a.txt", 5, Bytes.Filled(32, 0x11)));
        var expected =
            "96" + "cd4653" + "01" + "30" + "07" + "c410" + string.Concat(Enumerable.Repeat("22", 16))
            + "93" + "a5612e747874" + "05" + "c420" + string.Concat(Enumerable.Repeat("11", 32));

        Assert.Equal(expected, Bytes.Hex(MessageCodec.Encode(envelope)));
    }

    [Fact]
    public void ErrorReplyHasThePinnedWireFormat()
    {
        var envelope = new Envelope(300, null, new ErrorReply(ErrorCode.UnsupportedVersion, "v?"));
        Assert.Equal("96cd465301" + "51" + "cd012c" + "c0" + "92" + "02" + "a2763f", Bytes.Hex(MessageCodec.Encode(envelope)));
    }

    [Fact]
    public void MeasureWithTokenIsTheSizeOfTheLargestEnvelope()
    {
        var message = new NameListReply(["a", "b"], false);
        var withToken = MessageCodec.Encode(new Envelope(uint.MaxValue, SampleMessages.Token, message));
        Assert.Equal(withToken.Length, MessageCodec.MeasureWithToken(message));
    }

    [Fact]
    public void MessageLargerThanOneDatagramIsRefusedByTheEncoder()
    {
        var names = Enumerable.Repeat(SampleMessages.LongName, 5).ToArray();
        var ex = Assert.Throws<InvalidOperationException>(() => MessageCodec.Encode(new Envelope(1, null, new NameListReply(names, false))));
        Assert.Contains(ProtocolLimits.MaxDatagramBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EncoderSkipsTheSizeCheckWhenWritingToABufferWriter()
    {
        var names = Enumerable.Repeat(SampleMessages.LongName, 5).ToArray();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        MessageCodec.Encode(new Envelope(1, null, new NameListReply(names, false)), buffer);
        Assert.True(buffer.WrittenCount > ProtocolLimits.MaxDatagramBytes);
        Assert.Throws<ProtocolException>(() => MessageCodec.Decode(buffer.WrittenMemory));
    }

    [Fact]
    public void EveryMessageRecordIsSealed()
    {
        var open = typeof(Message).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Message)) && !t.IsSealed)
            .Select(t => t.Name);
        Assert.Empty(open);
        Assert.True(typeof(FileCandidate).GetTypeInfo().IsSealed);
    }

    [Fact]
    public void SeededRandomMessagesRoundTripByteForByte()
    {
        var random = new Random(3000);
        for (var i = 0; i < 3_000; i++)
        {
            var envelope = RandomMessages.Envelope(random);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            MessageCodec.Encode(envelope, buffer);
            if (buffer.WrittenCount > ProtocolLimits.MaxDatagramBytes)
            {
                continue; // larger than a datagram: refused by Decode, as tested above
            }

            var decoded = MessageCodec.Decode(buffer.WrittenMemory);
            Assert.Equal(envelope.Message.Type, decoded.Message.Type);
            Assert.Equal(Convert.ToHexString(buffer.WrittenSpan), Convert.ToHexString(MessageCodec.Encode(decoded)));
        }
    }

    [Fact]
    public void ErrorWithoutRetryHintKeepsItsTwoFieldVersionOneBytes()
    {
        var bytes = MessageCodec.Encode(new Envelope(5, null, new ErrorReply(ErrorCode.NotFound, "File not found")));
        Assert.Equal("96cd465301510 5c0 92 07 ae46696c65206e6f7420666f756e64".Replace(" ", "", StringComparison.Ordinal), Convert.ToHexStringLower(bytes));
        Assert.Equal(0, Assert.IsType<ErrorReply>(MessageCodec.Decode(bytes).Message).RetryAfterMs);
    }

    [Fact]
    public void BusyErrorCarriesItsRetryHintAsAThirdField()
    {
        var bytes = MessageCodec.Encode(new Envelope(5, null, new ErrorReply(ErrorCode.Busy, "Tracker busy", 250)));
        Assert.StartsWith("96cd46530151" + "05c093" + "0e", Convert.ToHexStringLower(bytes), StringComparison.Ordinal);
        var reply = Assert.IsType<ErrorReply>(MessageCodec.Decode(bytes).Message);
        Assert.Equal((ErrorCode.Busy, 250), (reply.Code, reply.RetryAfterMs));
    }
}
