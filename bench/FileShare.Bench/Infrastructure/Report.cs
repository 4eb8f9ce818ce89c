using System.Globalization;

namespace FileShare.Bench.Infrastructure;

/// <summary>Console output of the scenarios: progress lines and an aligned result table.</summary>
internal static class Report
{
    private const int LabelWidth = 52;

    public static void Line(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");

    public static void Heading(string title)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title}");
    }

    public static void Row(string label, string value) => Console.WriteLine($"{label.PadRight(LabelWidth)} {value}");

    public static string Rate(double value, string unit) => string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {unit}");

    public static string Millis(double microseconds) => string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1000:0.000} ms");

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 30} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
