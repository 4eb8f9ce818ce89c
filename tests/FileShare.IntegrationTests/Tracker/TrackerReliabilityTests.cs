using System.Buffers;
using FileShare.IntegrationTests.Infrastructure;
using MessagePack;
using FileShare.Protocol.Messages;

namespace FileShare.IntegrationTests.Tracker;

/// <summary>Retransmissions and bad datagrams against the real tracker over UDP.</summary>
public sealed class TrackerReliabilityTests : IAsyncLifetime
{
    private static readonly byte[] Hash = Enumerable.Repeat((byte)7, 32).ToArray();
    private TrackerProcess _tracker = null!;

    public async Task InitializeAsync() =>
        _tracker = await TrackerProcess.StartAsync(new TrackerProcessOptions
        {
            Users = new Dictionary<string, string> { ["hans"] = "falcon*solo", ["maria"] = "wise@!man" },
        });

    public async Task DisposeAsync() => await _tracker.DisposeAsync();

    [Fact]
    public async Task DuplicateRequestIdIsAnsweredOnceAndNotExecutedTwice()
    {
        await using var client = new UdpTestClient(_tracker.EndPoint);
        await client.LoginAsync("hans", "falcon*solo");
        await client.RequestAsync<OkReply>(new PublishRequest("dup.txt", 3, Hash));
        var unpublish = new Envelope(client.NextRequestId(), client.SessionToken, new UnpublishRequest("dup.txt"));
        var datagram = client.Datagram(unpublish); // a retransmission is the same bytes: same id, same counter

        var first = await client.SendAsync(unpublish, datagram);
        var retransmitted = await client.SendAsync(unpublish, datagram);

        Assert.IsType<OkReply>(first.Message);
        Assert.IsType<OkReply>(retransmitted.Message);
        var fresh = await client.RequestAsync<ErrorReply>(new UnpublishRequest("dup.txt"));
        Assert.Equal(ErrorCode.NotPublished, fresh.Code);
    }

    [Fact]
    public async Task MalformedOversizedAndUnknownDatagramsDoNotStopTheTracker()
    {
        await using var client = new UdpTestClient(_tracker.EndPoint);

        await client.SendRawAsync(new byte[] { 0xC1, 0xFF, 0x00 });
        await client.SendRawAsync(Enumerable.Repeat((byte)0x91, 4000).ToArray());
        await client.SendRawAsync(new byte[1201]);
        await client.SendRawAsync(RawEnvelope(version: 1, type: 0x7F, requestId: 5));
        await client.SendRawAsync(RawEnvelope(version: 77, type: 1, requestId: 6));

        await client.LoginAsync("maria", "wise@!man");
        Assert.Empty((await client.RequestAsync<NameListReply>(new ListActivePeersRequest(null))).Names);
        await _tracker.WaitForOutputAsync(line => line.Contains("Bad datagram", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnsupportedVersionIsAnsweredWithTheErrorAndTheSameRequestId()
    {
        await using var client = new UdpTestClient(_tracker.EndPoint);

        await client.SendRawAsync(RawEnvelope(version: 3, type: (int)MessageType.DiscoveryProbe, requestId: 4711));

        var reply = await client.ReceiveUnmatchedAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(reply);
        Assert.Equal(4711u, reply.RequestId);
        Assert.Equal(ErrorCode.UnsupportedVersion, Assert.IsType<ErrorReply>(reply.Message).Code);
    }

    [Fact]
    public async Task UnknownMessageTypeIsAnsweredWithTheError()
    {
        await using var client = new UdpTestClient(_tracker.EndPoint);

        await client.SendRawAsync(RawEnvelope(version: 1, type: 0x7F, requestId: 4712));

        var reply = await client.ReceiveUnmatchedAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(reply);
        Assert.Equal(4712u, reply.RequestId);
        Assert.Equal(ErrorCode.UnknownMessageType, Assert.IsType<ErrorReply>(reply.Message).Code);
    }

    [Fact]
    public async Task RequestWithoutTokenGetsNotAuthenticated()
    {
        await using var client = new UdpTestClient(_tracker.EndPoint);

        var reply = await client.RequestAsync<ErrorReply>(new PublishRequest("x", 1, Hash));

        Assert.Equal(ErrorCode.NotAuthenticated, reply.Code);
    }

    private static byte[] RawEnvelope(int version, int type, uint requestId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(6);
        writer.Write(MessageCodec.Magic);
        writer.Write(version);
        writer.Write(type);
        writer.Write((long)requestId);
        writer.WriteNil();
        writer.WriteArrayHeader(1);
        writer.Write(new byte[100]); // padding: a refusal is never larger than the datagram it answers
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
