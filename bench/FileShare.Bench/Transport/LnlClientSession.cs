using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LiteNetLib;
using LiteNetLib.Utils;

namespace FileShare.Bench.Transport;

/// <summary>
/// A session over LiteNetLib. LiteNetLib keys a connection by remote endpoint, so each session needs its own socket and
/// so its own <see cref="NetManager"/>; started in manual mode it runs no threads of its own (a started one runs two:
/// 20,000 threads for 10,000 sessions). The worker calls <c>PollEvents</c> when epoll says the
/// socket is readable and <c>ManualUpdate</c> to send: at once after a send or a receive (so acks
/// leave without waiting) and every 100 ms for pings, resends and timeouts.
/// </summary>
internal sealed class LnlClientSession : ITransportSession, INetEventListener
{
    private readonly LoadWorker _worker;
    private readonly IPEndPoint _server;
    private readonly ExposedNetManager _manager;
    private NetPeer? _peer;
    private long _lastUpdate;

    public LnlClientSession(LoadWorker worker, IPEndPoint server)
    {
        _worker = worker;
        _server = server;
        _manager = new ExposedNetManager(this)
        {
            IPv6Enabled = false, // one socket per manager, not two
            AutoRecycle = true,
            PingInterval = 1000,
            DisconnectTimeout = 5000,
            ChannelsCount = 1,
        };
        if (!_manager.StartInManualMode(IPAddress.Loopback, IPAddress.IPv6Loopback, 0))
        {
            throw new InvalidOperationException("LiteNetLib could not start a client manager on 127.0.0.1.");
        }

        _lastUpdate = Stopwatch.GetTimestamp();
    }

    public Socket Socket => _manager.Socket4;

    public bool IsReady { get; private set; }

    public void Open(long now)
    {
        var data = new NetDataWriter();
        data.Put(LnlEchoServer.ConnectKey);
        _peer = _manager.Connect(_server, data);
        Update(now);
    }

    public void Send(ReadOnlySpan<byte> message, bool reliable, long now)
    {
        _peer!.Send(message, reliable ? DeliveryMethod.ReliableOrdered : DeliveryMethod.Unreliable);
        Update(now); // Send only queues
    }

    public void Receive(long now)
    {
        _manager.PollEvents();
        Update(now);
    }

    public void Update(long now)
    {
        var elapsed = (float)Stopwatch.GetElapsedTime(_lastUpdate, now).TotalMilliseconds;
        _lastUpdate = now;
        _manager.ManualUpdate(elapsed);
    }

    public void Dispose() => _manager.Stop(sendDisconnectMessages: false);

    public void OnPeerConnected(NetPeer peer)
    {
        IsReady = true;
        _worker.OnConnected();
    }

    public void OnPeerDisconnected(NetPeer peer, DisconnectInfo disconnectInfo)
    {
        _worker.OnDisconnected(disconnectInfo.Reason, IsReady);
        IsReady = false;
    }

    public void OnNetworkReceive(NetPeer peer, NetPacketReader reader, byte channelNumber, DeliveryMethod deliveryMethod) =>
        _worker.OnReply(reader.GetRemainingBytesSpan());

    public void OnConnectionRequest(ConnectionRequest request) => request.Reject();

    public void OnNetworkError(IPEndPoint endPoint, SocketError socketError) => _worker.OnSendError();

    public void OnNetworkReceiveUnconnected(IPEndPoint remoteEndPoint, NetPacketReader reader, UnconnectedMessageType messageType)
    {
    }

    public void OnNetworkLatencyUpdate(NetPeer peer, int latency)
    {
    }

    public void OnMessageDelivered(NetPeer peer, object userData)
    {
    }

    public void OnNtpResponse(NtpPacket packet)
    {
    }

    public void OnPeerAddressChanged(NetPeer peer, IPEndPoint previousAddress)
    {
    }
}
