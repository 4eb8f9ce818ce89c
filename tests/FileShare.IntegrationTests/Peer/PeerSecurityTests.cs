using FileShare.IntegrationTests.Infrastructure;
using FileShare.Protocol.Security;
using FileShare.Protocol.Transfer;

namespace FileShare.IntegrationTests.Peer;

public sealed class PeerSecurityTests : IAsyncLifetime
{
    private TrackerProcess _tracker = null!;
    private PeerHarness _alice = null!;
    private byte[] _hash = null!;

    public async Task InitializeAsync()
    {
        _tracker = await TrackerTestSupport.StartAsync("alice a1", "bob b2");
        _alice = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("alice"));
        _hash = TestFiles.WriteRandom(_alice.PathOf("shared.txt"), 1000);
        await _alice.RunAsync("auth alice a1");
        await _alice.RunAsync("pub shared.txt");
    }

    [Fact]
    public async Task TraversalNamesAreRefusedByGet()
    {
        await using var bob = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("bob"));
        await bob.RunAsync("auth bob b2");

        Assert.StartsWith("Invalid file name", await bob.RunSingleAsync("get ../x"), StringComparison.Ordinal);
        Assert.StartsWith("Invalid file name", await bob.RunSingleAsync("get /etc/passwd"), StringComparison.Ordinal);
        Assert.StartsWith("Invalid file name", await bob.RunSingleAsync("get .."), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CraftedTraversalRequestIsRefusedWithoutData()
    {
        var response = await RawTransfer.RequestAsync(
            _alice.Node.FileServerPort, Request("../../etc/passwd", ValidTicketFor("../../etc/passwd")));

        Assert.Equal(TransferStatus.InvalidName, response.Status);
        Assert.Null(response.Sha256);
    }

    [Fact]
    public async Task SymlinkPointingOutOfTheShareFolderIsNeitherPublishedNorServed()
    {
        var outside = TestFiles.NewDirectory("outside");
        await File.WriteAllTextAsync(Path.Combine(outside, "secret.txt"), "private");
        File.CreateSymbolicLink(_alice.PathOf("secret.txt"), Path.Combine(outside, "secret.txt"));

        Assert.Equal("File not found in share folder: secret.txt", await _alice.RunSingleAsync("pub secret.txt"));
        var response = await RawTransfer.RequestAsync(_alice.Node.FileServerPort, Request("secret.txt", ValidTicketFor("secret.txt")));
        Assert.Equal(TransferStatus.NotFound, response.Status);
    }

    [Fact]
    public async Task RequestWithoutOrWithForgedTicketIsRefused()
    {
        var port = _alice.Node.FileServerPort;
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();

        var noTicket = await RawTransfer.RequestAsync(port, new TransferRequest("shared.txt", 0, "bob", _hash, expires, []));
        var zeros = await RawTransfer.RequestAsync(port, new TransferRequest("shared.txt", 0, "bob", _hash, expires, new byte[32]));
        var wrongKey = await RawTransfer.RequestAsync(
            port, new TransferRequest("shared.txt", 0, "bob", _hash, expires, DownloadTicket.Compute(new byte[32], "bob", "shared.txt", _hash, expires)));
        var otherRequester = await RawTransfer.RequestAsync(
            port, new TransferRequest("shared.txt", 0, "mallory", _hash, expires, ValidTicketFor("shared.txt").Ticket));
        var expiredAt = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds();
        var expired = await RawTransfer.RequestAsync(
            port, new TransferRequest("shared.txt", 0, "bob", _hash, expiredAt, Ticket("shared.txt", expiredAt)));
        var garbage = await RawTransfer.SendRawAsync(port, [0, 0, 0, 3, 1, 2, 3]);

        Assert.Equal(TransferStatus.BadRequest, noTicket.Status); // a ticket of the wrong length does not even decode
        Assert.Equal(TransferStatus.InvalidTicket, zeros.Status);
        Assert.Equal(TransferStatus.InvalidTicket, wrongKey.Status);
        Assert.Equal(TransferStatus.InvalidTicket, otherRequester.Status);
        Assert.Equal(TransferStatus.InvalidTicket, expired.Status);
        Assert.Equal(TransferStatus.BadRequest, garbage.Status);

        var valid = await RawTransfer.RequestAsync(port, Request("shared.txt", ValidTicketFor("shared.txt")));
        Assert.Equal(TransferStatus.Ok, valid.Status);
        Assert.Equal(_hash, valid.Sha256);
    }

    private (long Expires, byte[] Ticket) ValidTicketFor(string name)
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();
        return (expires, Ticket(name, expires));
    }

    private byte[] Ticket(string name, long expires) =>
        DownloadTicket.Compute(_alice.Node.Session.Current!.TicketKey, "bob", name, _hash, expires);

    private TransferRequest Request(string name, (long Expires, byte[] Ticket) ticket) =>
        new(name, 0, "bob", _hash, ticket.Expires, ticket.Ticket);

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _tracker.DisposeAsync();
    }
}
