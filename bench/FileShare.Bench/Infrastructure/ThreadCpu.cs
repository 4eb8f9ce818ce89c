using System.Globalization;

namespace FileShare.Bench.Infrastructure;

/// <summary>CPU time per thread of a process, from /proc/PID/task/*/stat, summed by thread name (Linux only).</summary>
internal static class ThreadCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, as in ProcessStats

    /// <summary>Seconds of utime+stime so far per thread name; the runtime's GC threads are summed as "GC".</summary>
    public static Dictionary<string, double> Read(int pid)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            return result;
        }

        foreach (var task in tasks)
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var name = Normalize(stat[(open + 1)..close]);
                var fields = stat[(close + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                result[name] = result.GetValueOrDefault(name) + (ticks / TicksPerSecond);
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return result;
    }

    /// <summary>Cores per thread name between two readings, busiest first, those under 0.01 left out.</summary>
    public static string Describe(Dictionary<string, double> before, Dictionary<string, double> after, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var parts = after
            .Select(pair => (Name: pair.Key, Cores: (pair.Value - before.GetValueOrDefault(pair.Key)) / window.TotalSeconds))
            .Where(x => x.Cores >= 0.01)
            .OrderByDescending(x => x.Cores)
            .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Name} {x.Cores:0.00}"));
        var text = string.Join(", ", parts);
        return text.Length > 0 ? text : "each under 0.01";
    }

    private static string Normalize(string name)
    {
        if (name.StartsWith(".NET Server GC", StringComparison.Ordinal) || name.StartsWith(".NET BGC", StringComparison.Ordinal)
            || name.StartsWith(".NET SVR GC", StringComparison.Ordinal))
        {
            return "GC";
        }

        // The kernel keeps 15 characters of a name: LiteNetLib's "ReceiveThread(PORT)" arrives cut as "ReceiveThread(6".
        var open = name.IndexOf('(', StringComparison.Ordinal);
        return open > 0 ? name[..open] : name;
    }
}
