namespace FileShare.Peer.Tui.Rendering;

/// <summary>The words around a transfer's progress bar: its name on the left, the figures and state on the right.</summary>
internal static class TransferText
{
    /// <summary>"↓ name" (download), "↑ name" (upload) or "# name" (hashing for pub).</summary>
    public static string Name(TransferRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var arrow = row.Kind switch
        {
            TransferRowKind.Download => "↓",
            TransferRowKind.Upload => "↑",
            _ => "#",
        };
        return $"{arrow} {row.FileName}";
    }

    /// <summary>Percent, speed, ETA and state; a failure shows its reason. <paramref name="wide"/> adds bytes and the peer.</summary>
    public static string Info(TransferRow row, bool wide)
    {
        ArgumentNullException.ThrowIfNull(row);
        var percent = Units.Percent(row.Done, row.Total).PadLeft(4);
        if (row.State == "failed")
        {
            return row.Detail.Length > 0 ? $"{percent} failed: {row.Detail}" : $"{percent} failed";
        }

        var speed = Units.Speed(row.BytesPerSecond, compact: !wide);
        var eta = row.Running && row.Eta is not null ? $"ETA {Units.Duration(row.Eta)}" : "";
        var state = row.State == "resuming" ? "resuming from another peer" : row.State;
        if (row.State == "cancelled")
        {
            return $"{percent} cancelled (the partial file stays for a later get)";
        }

        if (!wide)
        {
            return $"{percent} {speed,-9} {eta,-8} {state}".TrimEnd();
        }

        var bytes = row.Total > 0 ? $"{Units.Bytes(row.Done)}/{Units.Bytes(row.Total)}" : Units.Bytes(row.Done);
        var peer = row.Peer.Length > 0 ? $" {(row.Kind == TransferRowKind.Upload ? "to" : "from")} {row.Peer}" : "";
        return $"{percent} {bytes,-21} {speed,-12} {eta,-11} {state}{peer}".TrimEnd();
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="width"/> cells, marking the cut with '…'.</summary>
    public static string Fit(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (width <= 0)
        {
            return "";
        }

        return text.Length <= width ? text : text[..(width - 1)] + "…";
    }
}
