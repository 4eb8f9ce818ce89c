using System.Net.Sockets;
using LiteNetLib;

namespace FileShare.Bench.Transport;

/// <summary>
/// A <see cref="NetManager"/> that shows its IPv4 socket (a protected field in LiteNetLib 2.x): the server enlarges
/// its kernel buffers, and the generator's workers watch the clients' sockets with epoll.
/// </summary>
internal sealed class ExposedNetManager(INetEventListener listener) : NetManager(listener)
{
    public Socket Socket4 => _udpSocketv4;
}
