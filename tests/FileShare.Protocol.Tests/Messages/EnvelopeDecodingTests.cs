using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.TestSupport;

namespace FileShare.Protocol.Tests.Messages;

/// <summary>The envelope and body rules of <see cref="MessageCodec.Decode"/>.</summary>
public sealed class EnvelopeDecodingTests
{
    private static void PublishBody(RawWriter w)
    {
        w.WriteArrayHeader(3);
        w.Write("a.txt");
        w.Write(5L);
        w.WriteBinary(SampleMessages.Sha);
    }

    [Fact]
    public void HandBuiltEnvelopeDecodes()
    {
        var envelope = MessageCodec.Decode(RawEnvelope.Build(MessageType.Publish, PublishBody, requestId: 9, token: SampleMessages.Token));
        Assert.Equal(9u, envelope.RequestId);
        Assert.Equal(SampleMessages.Token, envelope.SessionToken);
        Assert.Equal("a.txt", Assert.IsType<PublishRequest>(envelope.Message).Name);
    }

    [Fact]
    public void WrongMagicIsRejected()
    {
        var bytes = RawEnvelope.Build(0x4654, MessageCodec.Version, (long)MessageType.Publish, 1, null, PublishBody);
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains("wrong magic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedVersionIsRejectedWithItsCodeAndTheRequestId()
    {
        var bytes = RawEnvelope.Build(MessageCodec.Magic, 3, (long)MessageType.Publish, 77, null, PublishBody);
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Equal(ErrorCode.UnsupportedVersion, ex.Code);
        Assert.Equal(77u, ex.RequestId);
        Assert.Contains("Unsupported protocol version 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedVersionIsReportedEvenWhenTheBodyIsNotUnderstood()
    {
        // A future version may change bodies completely; the version error must still come through.
        var bytes = RawEnvelope.Build(MessageCodec.Magic, 200, 0xee, 5, null, w => w.Write("a body from the future"));
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Equal(ErrorCode.UnsupportedVersion, ex.Code);
        Assert.Equal(5u, ex.RequestId);
    }

    [Fact]
    public void UnknownMessageTypeIsRejectedWithItsCodeAndTheRequestId()
    {
        var bytes = RawEnvelope.Build(MessageCodec.Magic, MessageCodec.Version, 0x7e, 1234, null, w => w.WriteArrayHeader(0));
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Equal(ErrorCode.UnknownMessageType, ex.Code);
        Assert.Equal(1234u, ex.RequestId);
        Assert.Contains("Unknown message type 0x7e", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TypeIdOutsideOneByteIsRejected()
    {
        var bytes = RawEnvelope.Build(MessageCodec.Magic, MessageCodec.Version, 256, 1, null, w => w.WriteArrayHeader(0));
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains("'type'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(4294967296L)]
    public void RequestIdOutsideUInt32IsRejected(long requestId)
    {
        var bytes = RawEnvelope.Build(MessageCodec.Magic, MessageCodec.Version, (long)MessageType.Ok, requestId, null, w => w.WriteArrayHeader(0));
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains("'requestId'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrailingBytesAfterAMessageAreRejected()
    {
        var bytes = Bytes.Concat(MessageCodec.Encode(SampleMessages.Get("Publish")), Bytes.FromHex("c0"));
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains("1 trailing byte(s)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(SampleMessages.Get("Publish").RequestId, ex.RequestId);
        Assert.Equal(ErrorCode.BadRequest, ex.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void EnvelopeWithTheWrongNumberOfElementsIsRejected(int count)
    {
        var bytes = Bytes.Write(w =>
        {
            w.WriteArrayHeader(count);
            long[] head = [MessageCodec.Magic, MessageCodec.Version, (long)MessageType.Ok, 8];
            foreach (var value in head.Take(count))
            {
                w.Write(value);
            }

            for (var i = head.Length; i < count; i++)
            {
                w.WriteNil();
            }
        });
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains("must have 6", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"elements, not {count}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewerVersionWithAnotherEnvelopeShapeStillGetsTheUnsupportedVersionCode()
    {
        // A future version that adds envelope elements must still be told which version we speak.
        var bytes = Bytes.Write(w =>
        {
            w.WriteArrayHeader(9);
            w.Write(MessageCodec.Magic);
            w.Write(3);
            w.Write(0x30);
            w.Write(31);
            w.Write("new element");
            w.WriteNil();
            w.WriteArrayHeader(0);
            w.WriteMapHeader(0);
        });
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Equal(ErrorCode.UnsupportedVersion, ex.Code);
        Assert.Equal(31u, ex.RequestId);
    }

    [Fact]
    public void DatagramLargerThanTheLimitIsRejectedBeforeParsing()
    {
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(new byte[ProtocolLimits.MaxDatagramBytes + 1]));
        Assert.Contains("exceeds 1200", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BodyWithFewerFieldsThanRequiredIsRejected()
    {
        var bytes = RawEnvelope.Build(MessageType.Publish, w =>
        {
            w.WriteArrayHeader(2);
            w.Write("a.txt");
            w.Write(5L);
        });
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains("PublishRequest needs 3 fields, not 2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(42u, ex.RequestId);
    }

    [Fact]
    public void BodyThatIsNotAnArrayIsRejected()
    {
        var bytes = RawEnvelope.Build(MessageType.Ok, w => w.WriteNil());
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains("Expected array", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraTrailingBodyFieldsAreSkippedForForwardCompatibility()
    {
        var bytes = RawEnvelope.Build(MessageType.Publish, w =>
        {
            w.WriteArrayHeader(6);
            w.Write("a.txt");
            w.Write(5L);
            w.WriteBinary(SampleMessages.Sha);
            w.Write("a field added by a newer revision");
            w.WriteMapHeader(1);
            w.Write("nested");
            w.WriteArrayHeader(2);
            w.Write(1.5);
            w.WriteNil();
            w.Write(ulong.MaxValue);
        });

        var publish = Assert.IsType<PublishRequest>(MessageCodec.Decode(bytes).Message);
        Assert.Equal("a.txt", publish.Name);
        Assert.Equal(5L, publish.Size);
    }

    [Fact]
    public void ExtraFieldsOfAFileCandidateAreSkipped()
    {
        var bytes = RawEnvelope.Build(MessageType.FileCandidates, w =>
        {
            w.WriteArrayHeader(2);
            w.WriteArrayHeader(1);
            w.WriteArrayHeader(8);
            w.Write("alice");
            w.Write("192.0.2.1");
            w.Write(4000);
            w.Write(10L);
            w.WriteBinary(SampleMessages.Sha);
            w.Write(99L);
            w.WriteBinary(SampleMessages.Ticket);
            w.Write("extra");
            w.Write(false);
        });

        var reply = Assert.IsType<FileCandidatesReply>(MessageCodec.Decode(bytes).Message);
        Assert.Equal("alice", Assert.Single(reply.Candidates).UserName);
        Assert.False(reply.More);
    }

    [Fact]
    public void FileCandidateWithTooFewFieldsIsRejected()
    {
        var bytes = RawEnvelope.Build(MessageType.FileCandidates, w =>
        {
            w.WriteArrayHeader(2);
            w.WriteArrayHeader(1);
            w.WriteArrayHeader(2);
            w.Write("alice");
            w.Write("192.0.2.1");
            w.Write(false);
        });
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains("needs 7 fields, not 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongTypeForAFieldIsRejectedWithTheRequestId()
    {
        var bytes = RawEnvelope.Build(MessageType.Publish, w =>
        {
            w.WriteArrayHeader(3);
            w.Write("a.txt");
            w.Write("five");
            w.WriteBinary(SampleMessages.Sha);
        });
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains("Expected integer but found string", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.BadRequest, ex.Code);
        Assert.Equal(42u, ex.RequestId);
    }

    [Fact]
    public void FieldOutsideItsRangeIsRejectedNamingTheField()
    {
        var bytes = RawEnvelope.Build(MessageType.AuthStart, w =>
        {
            w.WriteArrayHeader(3);
            w.Write("alice");
            w.Write("nonce");
            w.Write(70000);
        });
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains("'FileServerPort'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeOrHugeFileSizeIsRejected()
    {
        foreach (var size in new[] { -1L, ProtocolLimits.MaxFileSize + 1 })
        {
            var bytes = RawEnvelope.Build(MessageType.Publish, w =>
            {
                w.WriteArrayHeader(3);
                w.Write("a.txt");
                w.Write(size);
                w.WriteBinary(SampleMessages.Sha);
            });
            var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
            Assert.Contains("'Size'", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HashOfTheWrongLengthIsRejected()
    {
        var bytes = RawEnvelope.Build(MessageType.Publish, w =>
        {
            w.WriteArrayHeader(3);
            w.Write("a.txt");
            w.Write(5L);
            w.WriteBinary(new byte[31]);
        });
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains("'Sha256': Binary must be 32 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SessionTokenOfTheWrongLengthIsRejected()
    {
        var bytes = RawEnvelope.Build(MessageType.Heartbeat, w => w.WriteArrayHeader(0), token: new byte[15]);
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains("'token'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileNameLongerThanTheLimitIsRejected()
    {
        var bytes = RawEnvelope.Build(MessageType.Unpublish, w =>
        {
            w.WriteArrayHeader(1);
            w.Write(new string('n', ProtocolLimits.MaxFileNameBytes + 1));
        });
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains("256 bytes exceeds the limit of 255", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8InAFieldIsRejected()
    {
        var bytes = RawEnvelope.Build(MessageType.Unpublish, w =>
        {
            w.WriteArrayHeader(1);
            w.WriteStringHeader(3);
            w.WriteRaw(Bytes.FromHex("eda080"));
        });
        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes));
        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonSmallestEncodingsInTheEnvelopeAreAccepted()
    {
        // magic as uint32, version as int64, type as uint16, request id as uint64, size as int64
        var bytes = Bytes.FromHex(
            "dc0006" + "ce00004653" + "d30000000000000001" + "cd0030" + "cf0000000000000009" + "c0"
            + "dd00000003" + "db00000001" + "61" + "d30000000000000005" + "c60000002" + "0" + Bytes.Hex(SampleMessages.Sha));
        var envelope = MessageCodec.Decode(bytes);
        Assert.Equal(9u, envelope.RequestId);
        var publish = Assert.IsType<PublishRequest>(envelope.Message);
        Assert.Equal("a", publish.Name);
        Assert.Equal(5L, publish.Size);
    }
}
