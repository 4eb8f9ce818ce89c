using System.Net;
using System.Net.Sockets;
using FileShare.Protocol;
using FileShare.Protocol.Messages;

namespace FileShare.Peer.Core.Tracker;

/// <summary>Finds a tracker on the LAN: a probe to the broadcast address and to loopback, first answer wins.</summary>
internal static class TrackerDiscovery
{
    /// <summary>Sends probes and returns the first answer, or null when none came within <paramref name="timeout"/>.</summary>
    public static async Task<DiscoveredTracker?> DiscoverAsync(int port, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.EnableBroadcast = true;
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        var probe = MessageCodec.Encode(new Envelope((uint)Random.Shared.Next(), null, new DiscoveryProbe()));
        foreach (var target in new[] { IPAddress.Broadcast, IPAddress.Loopback })
        {
            try
            {
                await socket.SendToAsync(probe, SocketFlags.None, new IPEndPoint(target, port), cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // No broadcast route (e.g. only loopback is up): the loopback probe may still find one.
            }
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = time.CreateTimer(_ => deadline.Cancel(), null, timeout, Timeout.InfiniteTimeSpan);
        var buffer = new byte[ProtocolLimits.MaxDatagramBytes + 1];
        while (true)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), deadline.Token)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (SocketException)
            {
                continue;
            }

            try
            {
                var envelope = MessageCodec.Decode(buffer.AsSpan(0, received.ReceivedBytes));
                if (envelope.Message is DiscoveryAnswer answer && received.RemoteEndPoint is IPEndPoint from)
                {
                    return new DiscoveredTracker(new IPEndPoint(from.Address, answer.Port), answer.TrackerName);
                }
            }
            catch (ProtocolException)
            {
                // Not an answer to us; keep listening until the deadline.
            }
        }
    }
}
