using System.Net;
using System.Net.Sockets;

namespace FileShare.IntegrationTests.Network;

/// <summary>The relay itself, against a plain UDP echo socket, so the lossy tracker tests can trust it.</summary>
public sealed class LossyUdpRelayTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Socket _echo = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _client = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private Task _echoLoop = Task.CompletedTask;

    public Task InitializeAsync()
    {
        _echo.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _echoLoop = Task.Run(EchoLoopAsync);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task UnimpairedRelayCarriesEveryDatagramBothWaysInOrder()
    {
        await using var relay = LossyUdpRelay.Start(EchoEndPoint, seed: 1);

        for (byte i = 0; i < 50; i++)
        {
            await SendAsync(relay, i);
        }

        for (byte i = 0; i < 50; i++)
        {
            Assert.Equal(i, await ReceiveAsync());
        }

        Assert.Equal(50, relay.UpstreamCounters.Sent);
        Assert.Equal(50, relay.DownstreamCounters.Sent);
    }

    [Fact]
    public async Task CutLinkDeliversNothingAndRestoredLinkDeliversAgain()
    {
        await using var relay = LossyUdpRelay.Start(EchoEndPoint, seed: 2);
        relay.Upstream = LinkImpairment.Cut;
        for (byte i = 0; i < 20; i++)
        {
            await SendAsync(relay, i);
        }

        await WaitUntilAsync(() => relay.UpstreamCounters.Dropped == 20);
        relay.Upstream = LinkImpairment.None;
        await SendAsync(relay, 99);

        // Datagrams are handled in order, so the first to come back proves the twenty before it were dropped.
        Assert.Equal(99, await ReceiveAsync());
        Assert.Equal(20, relay.UpstreamCounters.Dropped);
    }

    [Fact]
    public async Task FullDuplicationDeliversEveryDatagramTwiceEachWay()
    {
        await using var relay = LossyUdpRelay.Start(EchoEndPoint, seed: 3);
        relay.SetBoth(new LinkImpairment { DuplicateRate = 1 });
        await SendAsync(relay, 7);

        // Two copies reach the echo, and each of its two answers is doubled on the way back.
        Assert.Equal([7, 7, 7, 7], new[] { await ReceiveAsync(), await ReceiveAsync(), await ReceiveAsync(), await ReceiveAsync() });
        Assert.Equal(1, relay.UpstreamCounters.Duplicated);
        Assert.Equal(2, relay.UpstreamCounters.Sent);
    }

    [Fact]
    public async Task ReorderedDatagramIsOvertakenByTheNextOne()
    {
        await using var relay = LossyUdpRelay.Start(EchoEndPoint, seed: 4);
        relay.Upstream = new LinkImpairment { ReorderRate = 1, ReorderHold = TimeSpan.FromSeconds(30) };
        await SendAsync(relay, 1);
        await WaitUntilAsync(() => relay.UpstreamCounters.Reordered == 1);
        relay.Upstream = LinkImpairment.None;
        await SendAsync(relay, 2);

        Assert.Equal(2, await ReceiveAsync());
        Assert.Equal(1, await ReceiveAsync());
    }

    [Fact]
    public async Task SameSeedGivesTheSameFatesToTheSameSequence()
    {
        var link = new LinkImpairment { DropRate = 0.3 };
        var first = await DroppedPositionsAsync(link, seed: 42);
        var second = await DroppedPositionsAsync(link, seed: 42);

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    private IPEndPoint EchoEndPoint => (IPEndPoint)_echo.LocalEndPoint!;

    private async Task<List<int>> DroppedPositionsAsync(LinkImpairment link, int seed)
    {
        await using var relay = LossyUdpRelay.Start(EchoEndPoint, seed);
        relay.Upstream = link;
        const int Total = 40;
        for (byte i = 0; i < Total; i++)
        {
            await SendAsync(relay, i);
        }

        await WaitUntilAsync(() => relay.UpstreamCounters.Sent + relay.UpstreamCounters.Dropped == Total);

        var delivered = new HashSet<int>();
        for (var i = 0; i < relay.UpstreamCounters.Sent; i++)
        {
            delivered.Add(await ReceiveAsync());
        }

        return Enumerable.Range(0, Total).Where(i => !delivered.Contains(i)).ToList();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private async Task SendAsync(LossyUdpRelay relay, byte value) =>
        await _client.SendToAsync(new[] { value }, SocketFlags.None, relay.EndPoint);

    private async Task<byte> ReceiveAsync()
    {
        var buffer = new byte[16];
        using var timeout = new CancellationTokenSource(Patience);
        var received = await _client.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        return buffer[0];
    }

    private async Task EchoLoopAsync()
    {
        var buffer = new byte[16];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var received = await _echo.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                await _echo.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _echoLoop;
        _echo.Dispose();
        _client.Dispose();
        _stop.Dispose();
    }
}
