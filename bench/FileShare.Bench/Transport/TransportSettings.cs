namespace FileShare.Bench.Transport;

/// <summary>Parameters of the <c>transport</c> scenario.</summary>
/// <param name="Sessions">Simulated sessions, each with its own socket and a heartbeat every second.</param>
/// <param name="Rates">Request rates (per second, over all sessions), one measured step each.</param>
/// <param name="Duration">Measured window of each step, the idle one included.</param>
/// <param name="Warmup">Load at a step's rate before its window.</param>
/// <param name="Transports">Which servers to run, in order.</param>
/// <param name="ClientThreads">Generator threads the sessions are spread over.</param>
/// <param name="LnlUpdateMilliseconds">The LiteNetLib server's UpdateTime (its send and ack tick).</param>
/// <param name="LnlTriggerUpdate">Whether the LiteNetLib server wakes its logic thread after each reply.</param>
internal sealed record TransportSettings(
    int Sessions,
    IReadOnlyList<int> Rates,
    TimeSpan Duration,
    TimeSpan Warmup,
    IReadOnlyList<TransportKind> Transports,
    int ClientThreads,
    int LnlUpdateMilliseconds,
    bool LnlTriggerUpdate)
{
    /// <summary>The bar LiteNetLib must clear to take over the control plane (docs/NETWORK.md).</summary>
    public const double TargetP99Milliseconds = 5;
}
