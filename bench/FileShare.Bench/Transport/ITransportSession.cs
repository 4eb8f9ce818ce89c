using System.Net.Sockets;

namespace FileShare.Bench.Transport;

/// <summary>One simulated session of the generator: its own socket, driven by the <see cref="LoadWorker"/> that owns it.</summary>
internal interface ITransportSession : IDisposable
{
    /// <summary>The socket the worker watches with epoll.</summary>
    Socket Socket { get; }

    /// <summary>Whether heartbeats and requests can be sent (connected, for LiteNetLib).</summary>
    bool IsReady { get; }

    /// <summary>Starts the session (LiteNetLib: sends the connect request).</summary>
    void Open(long now);

    /// <summary>Sends a heartbeat (unreliable) or a request (reliable where the transport offers it) now.</summary>
    void Send(ReadOnlySpan<byte> message, bool reliable, long now);

    /// <summary>Reads what the socket holds and hands replies to the worker.</summary>
    void Receive(long now);

    /// <summary>The library's periodic work (pings, acks, resends, timeouts); nothing for plain UDP.</summary>
    void Update(long now);
}
