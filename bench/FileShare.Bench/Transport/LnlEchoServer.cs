using System.Net;
using System.Net.Sockets;
using LiteNetLib;

namespace FileShare.Bench.Transport;

/// <summary>
/// The echo load on LiteNetLib 2.1.5, set up as the prototype measured it: one <see cref="NetManager"/> with its own
/// receive and logic threads, <c>UnsyncedEvents</c> (callbacks on those threads, no poll thread), <c>UpdateTime</c>
/// 15 ms, <c>PingInterval</c> 1 s, <c>DisconnectTimeout</c> 5 s, and the tracker's 4 MiB socket buffers (LiteNetLib
/// asks for 1 MiB). Requests are answered reliable-ordered; heartbeats arrive unreliable.
/// </summary>
internal sealed class LnlEchoServer : IEchoServer, INetEventListener
{
    /// <summary>The connect payload the server accepts; anything else is rejected.</summary>
    public const string ConnectKey = "fileshare-bench-echo";

    private const int SocketBufferBytes = 4 << 20;

    [ThreadStatic]
    private static byte[]? t_reply;

    private readonly EchoCounters _counters;
    private readonly ExposedNetManager _manager;
    private readonly bool _triggerUpdate;

    public LnlEchoServer(int sessions, int updateMilliseconds, bool triggerUpdate)
    {
        _counters = new EchoCounters(sessions);
        _triggerUpdate = triggerUpdate;
        _manager = new ExposedNetManager(this)
        {
            UpdateTime = updateMilliseconds,
            PingInterval = 1000,
            DisconnectTimeout = 5000,
            UnsyncedEvents = true,
            AutoRecycle = true,
            IPv6Enabled = false,
            ChannelsCount = 1,
        };
    }

    public int Start()
    {
        QuietNetLogger.Install();
        if (!_manager.Start(IPAddress.Loopback, IPAddress.IPv6Loopback, 0))
        {
            throw new InvalidOperationException("LiteNetLib could not bind 127.0.0.1.");
        }

        _manager.Socket4.ReceiveBufferSize = SocketBufferBytes;
        _manager.Socket4.SendBufferSize = SocketBufferBytes;
        return _manager.LocalPort;
    }

    public string StatsLine() => _counters.StatsLine(_manager.ConnectedPeersCount);

    public void Dispose() => _manager.Stop(sendDisconnectMessages: false);

    public void OnConnectionRequest(ConnectionRequest request)
    {
        if (request.Data.TryGetString(out var key) && key == ConnectKey)
        {
            request.Accept();
        }
        else
        {
            request.Reject();
        }
    }

    public void OnPeerConnected(NetPeer peer) => _counters.Connected();

    public void OnPeerDisconnected(NetPeer peer, DisconnectInfo disconnectInfo) => _counters.Disconnected();

    public void OnNetworkReceive(NetPeer peer, NetPacketReader reader, byte channelNumber, DeliveryMethod deliveryMethod)
    {
        var message = reader.GetRemainingBytesSpan();
        if (message.IsEmpty)
        {
            return;
        }

        if (message[0] == EchoWire.Heartbeat)
        {
            _counters.Heartbeat(EchoWire.Session(message));
            return;
        }

        var reply = t_reply ??= new byte[EchoWire.MaxReplyBytes];
        if (EchoWire.TryWriteReply(message, reply, out var length))
        {
            peer.Send(reply.AsSpan(0, length), deliveryMethod); // queued: the logic thread's next update sends it
            if (_triggerUpdate)
            {
                _manager.TriggerUpdate(); // ...or wake the logic thread now
            }

            _counters.Request();
        }
    }

    public void OnNetworkError(IPEndPoint endPoint, SocketError socketError)
    {
    }

    public void OnNetworkReceiveUnconnected(IPEndPoint remoteEndPoint, NetPacketReader reader, UnconnectedMessageType messageType)
    {
    }

    public void OnNetworkLatencyUpdate(NetPeer peer, int latency)
    {
    }

    public void OnMessageDelivered(NetPeer peer, object userData)
    {
    }

    public void OnNtpResponse(LiteNetLib.Utils.NtpPacket packet)
    {
    }

    public void OnPeerAddressChanged(NetPeer peer, IPEndPoint previousAddress)
    {
    }
}
