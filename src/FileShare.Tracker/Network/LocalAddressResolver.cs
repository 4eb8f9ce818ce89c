using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Network;

/// <summary>
/// Which of this host's addresses faces a given remote host, found the way the kernel routes to it (a
/// connected UDP socket sends nothing). Used to hand a remote peer a reachable address for a peer that
/// logged in over loopback from the tracker's own host.
/// </summary>
internal sealed class LocalAddressResolver
{
    private readonly ConcurrentDictionary<IPAddress, IPAddress?> _cache = new();

    // The same as text, so handing it out (per candidate of get, per peer of lap) allocates nothing.
    private readonly ConcurrentDictionary<IPAddress, string?> _text = new();

    /// <summary>
    /// The address to hand <paramref name="requester"/> for <paramref name="peer"/>: the one the tracker saw, except
    /// that a loopback address (a peer on the tracker's own host) is never handed to another host; that host gets
    /// this host's address facing it instead, or nothing when there is none.
    /// </summary>
    public string? AddressFor(Session peer, Session requester)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(requester);
        if (!peer.IsLoopback || requester.ParsedAddress is not { } requesterAddress || requester.IsLoopback)
        {
            return peer.Address;
        }

        return _text.GetOrAdd(requesterAddress, static (remote, resolver) => resolver.Facing(remote)?.ToString(), this);
    }

    /// <summary>The local address that routes to <paramref name="remote"/>, or null when there is no route.</summary>
    public IPAddress? Facing(IPAddress remote) => _cache.GetOrAdd(remote, Resolve);

    private static IPAddress? Resolve(IPAddress remote)
    {
        try
        {
            using var socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(new IPEndPoint(remote, 9));
            var local = ((IPEndPoint)socket.LocalEndPoint!).Address;
            return IPAddress.IsLoopback(local) || local.Equals(IPAddress.Any) || local.Equals(IPAddress.IPv6Any) ? null : local;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
