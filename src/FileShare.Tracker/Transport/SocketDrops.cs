using System.Globalization;

namespace FileShare.Tracker.Transport;

/// <summary>
/// Datagrams the kernel dropped at a UDP socket because its receive buffer was full (the last column of
/// /proc/net/udp and /proc/net/udp6): the tracker watches its own, so a silence its slowness caused never expires a
/// session, and the bench reads both sides', to say which one fell behind.
/// </summary>
internal static class SocketDrops
{
    /// <summary>Drops summed over the sockets bound to <paramref name="port"/> (0 when /proc is not there).</summary>
    public static long AtPort(int port)
    {
        long drops = 0;
        foreach (var file in new[] { "/proc/net/udp", "/proc/net/udp6" })
        {
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 13)
                {
                    continue;
                }

                var local = fields[1];
                var localPort = int.Parse(local[(local.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (localPort == port)
                {
                    drops += long.Parse(fields[^1], CultureInfo.InvariantCulture);
                }
            }
        }

        return drops;
    }
}
