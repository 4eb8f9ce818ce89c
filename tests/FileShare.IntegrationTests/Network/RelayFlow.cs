using System.Net;
using System.Net.Sockets;

namespace FileShare.IntegrationTests.Network;

/// <summary>
/// One client of a <see cref="LossyUdpRelay"/>: its own socket towards the target (so the target sees one source
/// endpoint per client, as it would without the relay) and the datagram each direction holds back for a reorder.
/// </summary>
internal sealed class RelayFlow : IDisposable
{
    private readonly Lock _lock = new();
    private readonly byte[]?[] _held = new byte[2][];
    private readonly ITimer?[] _holdTimers = new ITimer?[2];

    public RelayFlow(IPEndPoint client, Socket upstream)
    {
        Client = client;
        Upstream = upstream;
    }

    /// <summary>The client's endpoint as the relay sees it.</summary>
    public IPEndPoint Client { get; }

    /// <summary>The socket that talks to the target on the client's behalf.</summary>
    public Socket Upstream { get; }

    /// <summary>The loop that carries the target's replies back to the client.</summary>
    public Task? DownstreamLoop { get; set; }

    /// <summary>Holds <paramref name="datagram"/> back and returns the one held before it, which must be sent now.</summary>
    public byte[]? Hold(RelayDirection direction, byte[] datagram, ITimer release)
    {
        lock (_lock)
        {
            var index = (int)direction;
            var previous = _held[index];
            _holdTimers[index]?.Dispose();
            _held[index] = datagram;
            _holdTimers[index] = release;
            return previous;
        }
    }

    /// <summary>Takes the datagram held back in <paramref name="direction"/>, if any.</summary>
    public byte[]? TakeHeld(RelayDirection direction)
    {
        lock (_lock)
        {
            var index = (int)direction;
            var held = _held[index];
            _held[index] = null;
            _holdTimers[index]?.Dispose();
            _holdTimers[index] = null;
            return held;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var timer in _holdTimers)
            {
                timer?.Dispose();
            }
        }

        Upstream.Dispose();
    }
}
