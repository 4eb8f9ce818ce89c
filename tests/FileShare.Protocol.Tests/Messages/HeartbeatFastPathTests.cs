using FileShare.Protocol.Messages;

namespace FileShare.Protocol.Tests.Messages;

/// <summary>
/// <see cref="MessageCodec.TryReadHeartbeat(ReadOnlyMemory{byte}, out uint, out ReadOnlySpan{byte})"/> accepts exactly the heartbeats <see cref="MessageCodec.Decode"/>
/// accepts with a token, and agrees with it on their request id and token.
/// </summary>
public sealed class HeartbeatFastPathTests
{
    private static readonly byte[] Token = Enumerable.Range(1, ProtocolLimits.SessionTokenBytes).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData(0u)]
    [InlineData(127u)]
    [InlineData(0x8000_0001u)]
    [InlineData(uint.MaxValue)]
    public void HeartbeatWithTokenIsReadWithoutDecoding(uint requestId)
    {
        var datagram = MessageCodec.Encode(new Envelope(requestId, Token, new HeartbeatRequest()));

        Assert.True(MessageCodec.TryReadHeartbeat(datagram, out var id, out var token));
        Assert.Equal(requestId, id);
        Assert.Equal(Token, token.ToArray());
    }

    [Fact]
    public void HeartbeatFastPathAllocatesNothing()
    {
        var datagram = MessageCodec.Encode(new Envelope(7, Token, new HeartbeatRequest()));
        for (var i = 0; i < 100; i++)
        {
            Assert.True(MessageCodec.TryReadHeartbeat(datagram, out _, out _));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            MessageCodec.TryReadHeartbeat(datagram, out _, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void OtherDatagramsAreLeftToTheFullDecoder()
    {
        byte[][] others =
        [
            MessageCodec.Encode(new Envelope(1, null, new HeartbeatRequest())),
            MessageCodec.Encode(new Envelope(1, Token, new ListMyFilesRequest(null))),
            MessageCodec.Encode(new Envelope(1, new byte[ProtocolLimits.SessionTokenBytes - 1], new HeartbeatRequest())),
            [.. MessageCodec.Encode(new Envelope(1, Token, new HeartbeatRequest())), 0xC0],
            [],
            [0xC1],
        ];

        foreach (var datagram in others)
        {
            Assert.False(MessageCodec.TryReadHeartbeat(datagram, out _, out _));
        }
    }

    [Fact]
    public void EveryPrefixAndBitFlipAgreesWithTheFullDecoder()
    {
        var valid = MessageCodec.Encode(new Envelope(77, Token, new HeartbeatRequest()));
        var inputs = Enumerable.Range(0, valid.Length).Select(n => valid[..n]).ToList();
        for (var bit = 0; bit < valid.Length * 8; bit++)
        {
            var flipped = (byte[])valid.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            inputs.Add(flipped);
        }

        foreach (var input in inputs)
        {
            if (!MessageCodec.TryReadHeartbeat(input, out var id, out var token))
            {
                continue;
            }

            var envelope = MessageCodec.Decode(input);
            Assert.IsType<HeartbeatRequest>(envelope.Message);
            Assert.Equal(envelope.RequestId, id);
            Assert.Equal(envelope.SessionToken, token.ToArray());
        }
    }
}
