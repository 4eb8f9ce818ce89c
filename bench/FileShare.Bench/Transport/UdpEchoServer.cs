using System.Net;
using System.Net.Sockets;

namespace FileShare.Bench.Transport;

/// <summary>
/// The echo load on our own UDP transport style, as in the tracker's <c>UdpTransport</c>: one dedicated thread,
/// blocking <c>ReceiveFrom</c>/<c>SendTo</c> on one socket with 4 MiB kernel buffers, remote endpoints cached by
/// address, no per-datagram allocation. Written here, not borrowed from the tracker, so the bench measures the transport
/// style alone: no codec, no session table, no lock.
/// </summary>
internal sealed class UdpEchoServer : IEchoServer
{
    /// <summary>As the tracker: large enough that an oversized datagram arrives whole.</summary>
    private const int ReceiveBufferBytes = 65_536;

    /// <summary>As the tracker: a stall of a few hundred ms at 30,000 datagrams/s must not overflow the kernel buffer.</summary>
    private const int SocketBufferBytes = 4 << 20;

    private const int MaxCachedEndPoints = 65_536;

    private readonly EchoCounters _counters;
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stopping = new();
    private Thread? _receiver;

    public UdpEchoServer(int sessions) => _counters = new EchoCounters(sessions);

    public int Start()
    {
        _socket.ReceiveBufferSize = SocketBufferBytes;
        _socket.SendBufferSize = SocketBufferBytes;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "udp-receive" };
        _receiver.Start();
        return ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public string StatsLine() => _counters.StatsLine(peers: 0);

    public void Dispose()
    {
        _stopping.Cancel();
        _socket.Dispose(); // wakes the blocked ReceiveFrom
        _receiver?.Join(TimeSpan.FromSeconds(1));
        _stopping.Dispose();
    }

    private void ReceiveLoop()
    {
        var cancellationToken = _stopping.Token;
        var buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferBytes, pinned: true);
        var reply = GC.AllocateUninitializedArray<byte>(EchoWire.MaxReplyBytes, pinned: true);
        var address = new SocketAddress(AddressFamily.InterNetwork);
        var endPoints = new Dictionary<SocketAddress, IPEndPoint>();
        var template = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var received = _socket.ReceiveFrom(buffer, SocketFlags.None, address);
                _ = RemoteEndPoint(endPoints, address, template); // the tracker hands this to its service
                var message = buffer.AsSpan(0, received);
                if (received == 0)
                {
                    continue;
                }

                if (message[0] == EchoWire.Heartbeat)
                {
                    _counters.Heartbeat(EchoWire.Session(message));
                }
                else if (EchoWire.TryWriteReply(message, reply, out var length))
                {
                    _socket.SendTo(reply.AsSpan(0, length), SocketFlags.None, address);
                    _counters.Request();
                }
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException && cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException)
            {
                // ICMP errors from earlier sends surface here; keep serving, as the tracker does.
            }
        }
    }

    private static IPEndPoint RemoteEndPoint(Dictionary<SocketAddress, IPEndPoint> endPoints, SocketAddress address, IPEndPoint template)
    {
        if (endPoints.TryGetValue(address, out var known))
        {
            return known;
        }

        if (endPoints.Count >= MaxCachedEndPoints)
        {
            endPoints.Clear();
        }

        var remote = (IPEndPoint)template.Create(address);
        var key = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(key.Buffer.Span);
        endPoints.Add(key, remote);
        return remote;
    }
}
