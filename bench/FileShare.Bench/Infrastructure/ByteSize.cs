using System.Globalization;

namespace FileShare.Bench.Infrastructure;

/// <summary>Parses sizes such as <c>1GiB</c>, <c>4MiB</c>, <c>4KiB</c> or a plain byte count.</summary>
internal static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Suffixes = [("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("B", 1)];

    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (suffix, factor) in Suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && long.TryParse(text[..^suffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return count * factor;
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
            ? bytes
            : throw new FormatException($"'{text}' is not a size (examples: 1GiB, 4MiB, 4KiB, 4096).");
    }
}
