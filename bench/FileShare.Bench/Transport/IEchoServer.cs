namespace FileShare.Bench.Transport;

/// <summary>An echo server of the <c>transport</c> scenario, run by <see cref="EchoServerHost"/> in a child process.</summary>
internal interface IEchoServer : IDisposable
{
    /// <summary>Binds 127.0.0.1 on an ephemeral port, starts serving, and returns the port.</summary>
    int Start();

    /// <summary>The counters as one line for the bench (<see cref="EchoCounters.StatsLine"/>).</summary>
    string StatsLine();
}
