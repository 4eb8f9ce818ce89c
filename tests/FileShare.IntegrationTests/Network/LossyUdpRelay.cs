using System.Net;
using System.Net.Sockets;

namespace FileShare.IntegrationTests.Network;

/// <summary>
/// A UDP relay on loopback that stands between peers and the tracker and spoils the link on purpose: it drops,
/// duplicates, delays and reorders datagrams at the rates of <see cref="Upstream"/> and <see cref="Downstream"/>,
/// which may change while it runs (e.g. <see cref="LinkImpairment.Cut"/> and back). Each direction draws from its own
/// <see cref="Random"/> seeded from the constructor, and every datagram consumes the same number of draws, so the
/// n-th datagram of a direction always meets the same fate: a run is reproducible as far as the order of datagrams is.
/// Every client gets its own upstream socket, so the target still tells clients apart by source endpoint.
/// </summary>
internal sealed class LossyUdpRelay : IAsyncDisposable
{
    private const int BufferBytes = 65_536;

    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly TimeProvider _time;
    private readonly Lock _randomLock = new();
    private readonly Random _upstreamRandom;
    private readonly Random _downstreamRandom;
    private readonly Dictionary<IPEndPoint, RelayFlow> _flows = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _listenLoop;
    private LinkImpairment _upstream = LinkImpairment.None;
    private LinkImpairment _downstream = LinkImpairment.None;

    private LossyUdpRelay(IPEndPoint target, int seed, TimeProvider time)
    {
        _target = target;
        _time = time;
        _upstreamRandom = new Random(seed);
        _downstreamRandom = new Random(unchecked(seed * 31 + 17));
        _listener = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _listener.Bind(new IPEndPoint(LoopbackOf(target), 0));
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _listenLoop = Task.Run(() => ListenLoopAsync(_stopping.Token));
    }

    /// <summary>Raised for every datagram that reaches the relay, before anything is done to it (on a relay thread).</summary>
    public event Action<RelayDirection, ReadOnlyMemory<byte>>? DatagramReceived;

    /// <summary>Where clients send to instead of the target (loopback, ephemeral port).</summary>
    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    /// <summary>What happens to datagrams from clients to the target.</summary>
    public LinkImpairment Upstream
    {
        get => Volatile.Read(ref _upstream);
        set => Volatile.Write(ref _upstream, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>What happens to datagrams from the target back to clients.</summary>
    public LinkImpairment Downstream
    {
        get => Volatile.Read(ref _downstream);
        set => Volatile.Write(ref _downstream, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>
    /// Consulted for every datagram before the random impairments; returning true drops it. For targeted,
    /// fully deterministic losses ("lose the first two replies to this request").
    /// </summary>
    public Func<RelayDirection, ReadOnlyMemory<byte>, bool>? DropFilter { get; set; }

    public RelayCounters UpstreamCounters { get; } = new();

    public RelayCounters DownstreamCounters { get; } = new();

    /// <summary>Starts a relay in front of <paramref name="target"/>.</summary>
    public static LossyUdpRelay Start(IPEndPoint target, int seed, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new LossyUdpRelay(target, seed, time ?? TimeProvider.System);
    }

    /// <summary>Applies <paramref name="link"/> to both directions.</summary>
    public void SetBoth(LinkImpairment link)
    {
        Upstream = link;
        Downstream = link;
    }

    public RelayCounters Counters(RelayDirection direction) =>
        direction == RelayDirection.Upstream ? UpstreamCounters : DownstreamCounters;

    public override string ToString() => $"relay {EndPoint} -> {_target}: up [{UpstreamCounters}], down [{DownstreamCounters}]";

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _listenLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var flow in _flows.Values)
        {
            flow.Dispose();
            if (flow.DownstreamLoop is { } loop)
            {
                await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        _stopping.Dispose();
    }

    private static IPAddress LoopbackOf(IPEndPoint target) =>
        target.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;

    private async Task ListenLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferBytes];
        EndPoint any = new IPEndPoint(_target.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _listener.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // an ICMP error for an earlier send to a client that has gone
            }

            var client = (IPEndPoint)received.RemoteEndPoint;
            if (!_flows.TryGetValue(client, out var flow))
            {
                flow = OpenFlow(client, cancellationToken);
            }

            Forward(RelayDirection.Upstream, flow, buffer.AsSpan(0, received.ReceivedBytes).ToArray());
        }
    }

    private RelayFlow OpenFlow(IPEndPoint client, CancellationToken cancellationToken)
    {
        var socket = new Socket(_target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(LoopbackOf(_target), 0));
        var flow = new RelayFlow(client, socket);
        flow.DownstreamLoop = Task.Run(() => DownstreamLoopAsync(flow, cancellationToken), CancellationToken.None);
        _flows.Add(client, flow);
        return flow;
    }

    private async Task DownstreamLoopAsync(RelayFlow flow, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferBytes];
        EndPoint any = new IPEndPoint(_target.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await flow.Upstream.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable: the target is down; the client's retransmissions go on
            }

            Forward(RelayDirection.Downstream, flow, buffer.AsSpan(0, received.ReceivedBytes).ToArray());
        }
    }

    private void Forward(RelayDirection direction, RelayFlow flow, byte[] datagram)
    {
        var counters = Counters(direction);
        counters.CountReceived();
        DatagramReceived?.Invoke(direction, datagram);
        if (DropFilter?.Invoke(direction, datagram) == true)
        {
            counters.CountDropped();
            return;
        }

        var link = direction == RelayDirection.Upstream ? Upstream : Downstream;
        var fates = Draw(direction, link);
        if (fates.Length == 0)
        {
            counters.CountDropped();
            return;
        }

        if (fates.Length > 1)
        {
            counters.CountDuplicated();
        }

        foreach (var fate in fates)
        {
            if (fate.Delay > TimeSpan.Zero)
            {
                counters.CountDelayed();
                _ = SendLaterAsync(direction, flow, datagram, fate.Delay);
            }
            else if (fate.Reorder)
            {
                counters.CountReordered();
                var release = _time.CreateTimer(_ => SendHeld(direction, flow), null, link.ReorderHold, Timeout.InfiniteTimeSpan);
                if (flow.Hold(direction, datagram, release) is { } previous)
                {
                    Send(direction, flow, previous);
                }
            }
            else
            {
                Send(direction, flow, datagram);
                SendHeld(direction, flow); // a held-back datagram goes after the one that overtook it
            }
        }
    }

    // Always the same number of draws per datagram, whatever the outcome, so fates depend only on the position.
    private (TimeSpan Delay, bool Reorder)[] Draw(RelayDirection direction, LinkImpairment link)
    {
        var random = direction == RelayDirection.Upstream ? _upstreamRandom : _downstreamRandom;
        lock (_randomLock)
        {
            var drop = random.NextDouble() < link.DropRate;
            var duplicate = random.NextDouble() < link.DuplicateRate;
            var fates = new (TimeSpan Delay, bool Reorder)[2];
            for (var i = 0; i < fates.Length; i++)
            {
                var delayed = random.NextDouble() < link.DelayRate;
                var delay = link.MaxDelay * random.NextDouble();
                var reorder = random.NextDouble() < link.ReorderRate;
                fates[i] = (delayed && delay > TimeSpan.Zero ? delay : TimeSpan.Zero, reorder);
            }

            return drop ? [] : duplicate ? fates : fates[..1];
        }
    }

    private async Task SendLaterAsync(RelayDirection direction, RelayFlow flow, byte[] datagram, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        Send(direction, flow, datagram);
    }

    private void SendHeld(RelayDirection direction, RelayFlow flow)
    {
        if (flow.TakeHeld(direction) is { } held)
        {
            Send(direction, flow, held);
        }
    }

    private void Send(RelayDirection direction, RelayFlow flow, byte[] datagram)
    {
        try
        {
            if (direction == RelayDirection.Upstream)
            {
                flow.Upstream.SendTo(datagram, _target);
            }
            else
            {
                _listener.SendTo(datagram, flow.Client);
            }

            Counters(direction).CountSent();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // A datagram the network could not carry is just one more loss.
        }
    }
}
