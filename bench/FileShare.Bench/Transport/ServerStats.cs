using System.Globalization;

namespace FileShare.Bench.Transport;

/// <summary>An echo server's counters as it printed them (<see cref="EchoCounters.StatsLine"/>).</summary>
/// <param name="Heartbeats">Heartbeats received so far.</param>
/// <param name="Requests">Requests answered so far.</param>
/// <param name="GapsOverTimeout">Heartbeat gaps longer than 3 s so far.</param>
/// <param name="LongestGapMilliseconds">Longest heartbeat gap since the previous stats line.</param>
/// <param name="Peers">Connected peers (LiteNetLib; 0 for the connectionless server).</param>
/// <param name="Connects">Connections accepted so far.</param>
/// <param name="Disconnects">Connections lost so far, whatever the reason.</param>
/// <param name="GcPauseMilliseconds">The server process's GC pauses so far.</param>
/// <param name="Collections">Its garbage collections so far (every generation counts as a gen0 one too).</param>
internal sealed record ServerStats(
    long Heartbeats,
    long Requests,
    long GapsOverTimeout,
    long LongestGapMilliseconds,
    int Peers,
    long Connects,
    long Disconnects,
    long GcPauseMilliseconds,
    long Collections)
{
    public const string Prefix = "stats ";

    public static ServerStats Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var f = line[Prefix.Length..].Split(' ').Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        return new ServerStats(f[0], f[1], f[2], f[3], (int)f[4], f[5], f[6], f[7], f[8]);
    }
}
