namespace FileShare.Peer.Tui.Rendering;

/// <summary>Formats one transfer as a line of fixed columns with a progress bar drawn in block characters.</summary>
internal static class TransferLine
{
    public static string Format(TransferRow row, int width, bool unicode)
    {
        ArgumentNullException.ThrowIfNull(row);
        var arrow = row.Kind switch
        {
            TransferRowKind.Download => unicode ? "↓" : "v",
            TransferRowKind.Upload => unicode ? "↑" : "^",
            _ => "#",
        };
        var wide = width >= 110;
        var nameWidth = Math.Clamp(width - (wide ? 94 : 64), 8, 40);
        var name = TextFit.PadRight(row.FileName, nameWidth);
        if (row.State == "failed")
        {
            var reason = row.Detail.Length > 0 ? $"failed: {row.Detail}" : "failed";
            return TextFit.Truncate($"{arrow} {name} {reason}", width, unicode);
        }

        var barWidth = wide ? 24 : 8;
        var bar = Bar(row.Done, row.Total, barWidth, unicode);
        var percent = Units.Percent(row.Done, row.Total).PadLeft(4);
        var bytes = row.Total > 0
            ? $"{Units.Bytes(row.Done, compact: !wide)}/{Units.Bytes(row.Total, compact: !wide)}"
            : Units.Bytes(row.Done, compact: !wide);
        var speed = Units.Speed(row.BytesPerSecond, compact: !wide);
        var eta = row.Running && row.Eta is not null ? Units.Duration(row.Eta) : "";
        var state = row.State == "resuming" ? "resuming from another peer" : row.State;
        var peer = wide && row.Peer.Length > 0 ? $" {(row.Kind == TransferRowKind.Upload ? "to" : "from")} {row.Peer}" : "";
        var line = wide
            ? $"{arrow} {name} {bar} {percent} {bytes,-21} {speed,-12} {(eta.Length > 0 ? "ETA " + eta : ""),-11} {state}{peer}"
            : $"{arrow} {name} {bar} {percent} {bytes,-15} {speed,-10} {eta,-5} {state}";
        return TextFit.Truncate(line.TrimEnd(), width, unicode);
    }

    /// <summary>"[█████░░░░░]" with <paramref name="cells"/> cells inside the brackets.</summary>
    public static string Bar(long done, long total, int cells, bool unicode)
    {
        var filled = total <= 0 ? 0 : (int)Math.Clamp(done * cells / total, 0, cells);
        var full = unicode ? '█' : '#';
        var empty = unicode ? '░' : '-';
        return $"[{new string(full, filled)}{new string(empty, cells - filled)}]";
    }
}
