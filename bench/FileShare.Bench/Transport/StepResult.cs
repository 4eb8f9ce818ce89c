namespace FileShare.Bench.Transport;

/// <summary>One row of the comparison: one transport at one step (idle, or a request rate).</summary>
internal sealed record StepResult(
    TransportKind Transport,
    int Rate,
    int Sessions,
    double HeartbeatsSentPerSecond,
    double HeartbeatsReceivedPerSecond,
    double Offered,
    double Served,
    long Lost,
    IReadOnlyList<double> SortedLatencies,
    double ServerCores,
    string ServerThreads,
    long ServerRss,
    long ServerPeakRss,
    double GeneratorCores,
    double OtherCores,
    int ClientDisconnects,
    int ServerPeers,
    long HeartbeatGapsOverTimeout,
    long LongestHeartbeatGapMilliseconds,
    long UdpReceiveBufferErrors,
    double LongestLoopGapMilliseconds,
    long ServerGcPauseMilliseconds,
    long ServerCollections,
    double GeneratorGcPauseMilliseconds,
    string LoadAverage)
{
    public bool IsIdle => Rate == 0;
}
