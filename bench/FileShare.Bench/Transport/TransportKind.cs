namespace FileShare.Bench.Transport;

/// <summary>The transports the <c>transport</c> scenario compares.</summary>
internal enum TransportKind
{
    /// <summary>LiteNetLib 2.1.5: connections, reliable-ordered requests, unreliable heartbeats.</summary>
    LiteNetLib,

    /// <summary>Our own style: plain UDP datagrams on one blocking socket loop, as in the tracker.</summary>
    Udp,
}
