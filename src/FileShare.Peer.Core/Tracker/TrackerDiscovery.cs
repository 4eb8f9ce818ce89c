using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using FileShare.Protocol;
using FileShare.Protocol.Messages;

namespace FileShare.Peer.Core.Tracker;

/// <summary>Finds a tracker on the LAN: a probe to the broadcast address and to loopback, first answer wins.</summary>
internal static class TrackerDiscovery
{
    private static readonly TimeSpan LanAnswerGrace = TimeSpan.FromMilliseconds(200);

    // The limited broadcast leaves only through the default route's interface, so every interface's
    // directed broadcast is probed too (hosts with several interfaces, or none with a default route).
    private static List<IPAddress> ProbeTargets()
    {
        var targets = new List<IPAddress> { IPAddress.Broadcast, IPAddress.Loopback };
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                {
                    continue;
                }

                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && unicast.IPv4Mask is { } mask)
                    {
                        var address = unicast.Address.GetAddressBytes();
                        var maskBytes = mask.GetAddressBytes();
                        for (var i = 0; i < address.Length; i++)
                        {
                            address[i] = (byte)(address[i] | ~maskBytes[i]);
                        }

                        var broadcast = new IPAddress(address);
                        if (!targets.Contains(broadcast))
                        {
                            targets.Add(broadcast);
                        }
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Interface enumeration is best effort; the limited broadcast and loopback probes remain.
        }

        return targets;
    }

    /// <summary>Sends probes and returns the first answer, or null when none came within <paramref name="timeout"/>.</summary>
    public static async Task<DiscoveredTracker?> DiscoverAsync(int port, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.EnableBroadcast = true;
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        var probe = MessageCodec.Encode(new Envelope((uint)Random.Shared.Next(), null, new DiscoveryProbe()));
        foreach (var target in ProbeTargets())
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
        DiscoveredTracker? loopbackAnswer = null;
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
                return loopbackAnswer;
            }
            catch (SocketException)
            {
                continue;
            }

            try
            {
                var envelope = MessageCodec.Decode(buffer.AsMemory(0, received.ReceivedBytes));
                if (envelope.Message is DiscoveryAnswer answer && received.RemoteEndPoint is IPEndPoint from)
                {
                    var found = new DiscoveredTracker(new IPEndPoint(from.Address, answer.Port), answer.TrackerName);
                    if (!IPAddress.IsLoopback(from.Address))
                    {
                        return found;
                    }

                    // A tracker on this host also answers on loopback, possibly first; a LAN address is better to
                    // know (and to tell others), so wait a moment for its answer on a real interface.
                    loopbackAnswer ??= found;
                    deadline.CancelAfter(LanAnswerGrace);
                }
            }
            catch (ProtocolException)
            {
                // Not an answer to us; keep listening until the deadline.
            }
        }
    }
}
