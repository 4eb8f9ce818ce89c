namespace FileShare.IntegrationTests.Network;

/// <summary>Which way a datagram crosses a <see cref="LossyUdpRelay"/>.</summary>
internal enum RelayDirection
{
    /// <summary>From a client (peer) to the target (tracker).</summary>
    Upstream,

    /// <summary>From the target (tracker) back to a client (peer).</summary>
    Downstream,
}
