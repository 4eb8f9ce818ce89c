using System.Net;
using System.Net.Sockets;

namespace FileShare.Bench.Transport;

/// <summary>
/// A session over plain UDP: one connected non-blocking socket, datagrams sent as they are, no retransmission (the
/// peer's own retry policy is not part of the transport measured here, so a lost datagram counts as lost).
/// </summary>
internal sealed class UdpClientSession : ITransportSession
{
    private readonly LoadWorker _worker;
    private readonly byte[] _buffer;

    public UdpClientSession(LoadWorker worker, IPEndPoint server, byte[] receiveBuffer)
    {
        _worker = worker;
        _buffer = receiveBuffer;
        Socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Socket.Connect(server);
        Socket.Blocking = false;
    }

    public Socket Socket { get; }

    public bool IsReady { get; private set; }

    public void Open(long now)
    {
        IsReady = true;
        _worker.OnConnected();
    }

    public void Send(ReadOnlySpan<byte> message, bool reliable, long now)
    {
        Socket.Send(message, SocketFlags.None, out var error);
        if (error != SocketError.Success)
        {
            _worker.OnSendError();
        }
    }

    public void Receive(long now)
    {
        while (true)
        {
            var received = Socket.Receive(_buffer, SocketFlags.None, out var error);
            if (error != SocketError.Success)
            {
                return; // WouldBlock: drained
            }

            _worker.OnReply(_buffer.AsSpan(0, received));
        }
    }

    public void Update(long now)
    {
    }

    public void Dispose() => Socket.Dispose();
}
