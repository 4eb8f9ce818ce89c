using System.Globalization;

namespace FileShare.Bench.Infrastructure;

/// <summary>Whole-machine figures from /proc: busy CPU, load average, UDP receive-buffer drops (Linux only).</summary>
internal static class MachineStats
{
    /// <summary>Busy and total jiffies of all CPUs (busy = all but idle and iowait), from the first line of /proc/stat.</summary>
    public static (long Busy, long Total) CpuJiffies()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8).Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total);
    }

    /// <summary>Cores busy on the whole machine between two <see cref="CpuJiffies"/> readings.</summary>
    public static double BusyCores((long Busy, long Total) before, (long Busy, long Total) after)
    {
        var total = after.Total - before.Total;
        return total <= 0 ? 0 : (after.Busy - before.Busy) / (double)total * Environment.ProcessorCount;
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>
    /// UDP datagrams dropped because a receive buffer was full (RcvbufErrors, IPv4 and IPv6), for the whole network
    /// namespace. Read from /proc/net/snmp rather than per socket: /proc/net/udp walks every socket under the kernel's
    /// locks, which with 10,000 client sockets takes seconds and stalls delivery.
    /// </summary>
    public static long UdpReceiveBufferErrors()
    {
        long errors = 0;
        var lines = File.ReadLines("/proc/net/snmp").Where(l => l.StartsWith("Udp:", StringComparison.Ordinal)).ToArray();
        if (lines.Length >= 2)
        {
            var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var at = Array.IndexOf(names, "RcvbufErrors");
            errors += at > 0 ? long.Parse(values[at], CultureInfo.InvariantCulture) : 0;
        }

        if (File.Exists("/proc/net/snmp6"))
        {
            foreach (var line in File.ReadLines("/proc/net/snmp6"))
            {
                var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (fields is ["Udp6RcvbufErrors", var value])
                {
                    errors += long.Parse(value, CultureInfo.InvariantCulture);
                }
            }
        }

        return errors;
    }
}
