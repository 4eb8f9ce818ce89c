namespace FileShare.Bench.TrackerLoad;

/// <summary>One simulated peer: its account, and its session token once logged in.</summary>
internal sealed class SimSession
{
    public SimSession(BenchUser user, int localIndex, int fileServerPort)
    {
        User = user;
        LocalIndex = localIndex;
        FileServerPort = fileServerPort;
    }

    public BenchUser User { get; }

    /// <summary>Position among its socket's sessions; heartbeats use it as request id.</summary>
    public int LocalIndex { get; }

    public int FileServerPort { get; }

    /// <summary>Null until logged in.</summary>
    public byte[]? Token { get; set; }

    /// <summary>
    /// The heartbeat datagram, encoded once per login (its request id is fixed): the generator shares the 2 cores
    /// with the tracker, so 10,000 encodings a second would be CPU taken from the system under test.
    /// </summary>
    public byte[]? Heartbeat { get; set; }

    /// <summary>Counter for names this session publishes during the run.</summary>
    public int Published { get; set; }
}
