using System.Buffers.Binary;
using System.Net.Sockets;
using FileShare.IntegrationTests.Infrastructure;
using FileShare.Protocol.Security;
using FileShare.Protocol.Transfer;

namespace FileShare.IntegrationTests.Peer;

/// <summary>PROTOCOL.md §17.1 and §17.3: how the file server refuses, and in which order it checks.</summary>
public sealed class FileServerRefusalTests : IAsyncLifetime
{
    private TrackerProcess _tracker = null!;
    private PeerHarness _alice = null!;
    private byte[] _hash = null!;

    public async Task InitializeAsync()
    {
        _tracker = await TrackerTestSupport.StartAsync("alice a1");
        _alice = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("refusals"));
        _hash = TestFiles.WriteRandom(_alice.PathOf("shared.txt"), 1000);
        await _alice.RunAsync("auth alice a1");
        await _alice.RunAsync("pub shared.txt");
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(2049u)]
    [InlineData(uint.MaxValue)]
    public async Task BadFrameLengthGetsABadRequestFrameAndThenTheConnectionCloses(uint length)
    {
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, length);

        var (response, closed) = await ExchangeAsync(prefix);

        Assert.Equal(TransferStatus.BadRequest, response.Status);
        Assert.Equal($"Transfer header of {length} bytes is outside 1..2048.", response.Text);
        Assert.True(closed);
    }

    [Fact]
    public async Task TransferHeaderOfVersionTwoGetsABadRequestFrame()
    {
        var frame = TransferFraming.EncodeRequest(Request("shared.txt", 0, ValidTicket("shared.txt")));
        Assert.Equal(0x01, frame[8]); // 4-byte length, 98, cd 46 53, then the version
        frame[8] = 0x02;

        var (response, closed) = await ExchangeAsync(frame);

        Assert.Equal(TransferStatus.BadRequest, response.Status);
        Assert.Equal("Unsupported protocol version 2.", response.Text);
        Assert.True(closed);
    }

    [Fact]
    public async Task ChecksRunInTheDocumentedOrder()
    {
        var forged = (DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds(), new byte[32]);

        var badName = await RawTransfer.RequestAsync(_alice.Node.FileServerPort, Request("../shared.txt", 5000, forged));
        var notPublished = await RawTransfer.RequestAsync(_alice.Node.FileServerPort, Request("other.txt", 5000, forged));
        var badTicket = await RawTransfer.RequestAsync(_alice.Node.FileServerPort, Request("shared.txt", 5000, forged));
        var badOffset = await RawTransfer.RequestAsync(_alice.Node.FileServerPort, Request("shared.txt", 5000, ValidTicket("shared.txt")));

        Assert.Equal(TransferStatus.InvalidName, badName.Status);
        Assert.Equal((TransferStatus.NotFound, "Not published by this peer"), (notPublished.Status, notPublished.Text));
        Assert.Equal((TransferStatus.InvalidTicket, "Missing, forged or expired ticket"), (badTicket.Status, badTicket.Text));
        Assert.Equal((TransferStatus.InvalidOffset, "Offset is beyond the end of the file"), (badOffset.Status, badOffset.Text));
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _tracker.DisposeAsync();
    }

    private (long Expires, byte[] Ticket) ValidTicket(string name)
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();
        return (expires, DownloadTicket.Compute(_alice.Node.Session.Current!.TicketKey, "bob", name, _hash, expires));
    }

    private TransferRequest Request(string name, long offset, (long Expires, byte[] Ticket) ticket) =>
        new(name, offset, "bob", _hash, ticket.Expires, ticket.Ticket);

    /// <summary>Sends bytes, reads one response frame, and tells whether the server then closed the connection.</summary>
    private async Task<(TransferResponse Response, bool Closed)> ExchangeAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _alice.Node.FileServerPort, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(bytes, timeout.Token);
        var prefix = new byte[TransferFraming.PrefixBytes];
        await stream.ReadExactlyAsync(prefix, timeout.Token);
        var payload = new byte[TransferFraming.ReadLength(prefix)];
        await stream.ReadExactlyAsync(payload, timeout.Token);
        var closed = await stream.ReadAsync(new byte[1], timeout.Token) == 0;
        return (TransferFraming.DecodeResponse(payload), closed);
    }
}
