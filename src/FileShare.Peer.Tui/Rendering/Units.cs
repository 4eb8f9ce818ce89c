using System.Globalization;

namespace FileShare.Peer.Tui.Rendering;

/// <summary>Byte counts, speeds and durations as short text.</summary>
internal static class Units
{
    private static readonly string[] Suffixes = ["B", "KB", "MB", "GB", "TB"];

    public static string Bytes(long bytes, bool compact = false)
    {
        double value = Math.Max(0, bytes);
        var unit = 0;
        while (value >= 1024 && unit < Suffixes.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        var space = compact ? "" : " ";
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{value:0}{space}B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0}{space}{Suffixes[unit]}");
    }

    public static string Speed(double? bytesPerSecond, bool compact = false) =>
        bytesPerSecond is { } speed ? $"{Bytes((long)speed, compact)}/s" : "";

    public static string Duration(TimeSpan? duration)
    {
        if (duration is not { } value)
        {
            return "";
        }

        return value.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)value.TotalHours}:{value.Minutes:00}:{value.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{value.Minutes}:{value.Seconds:00}");
    }

    public static string Percent(long done, long total) =>
        total <= 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{Math.Min(100, done * 100 / total)}%");
}
