using System.Globalization;

namespace FileShare.Peer.Tui.Rendering;

/// <summary>
/// The status line: user, tracker address, its state with the round trip, the counts (peers, results,
/// transfers), share folder and file server port. One row when it fits, else two, each cut to the width.
/// </summary>
internal static class StatusLine
{
    public const string ProductName = "FileShare";
    private const string Separator = " | ";

    public static string Format(TuiViewModel viewModel, int width)
    {
        ArgumentNullException.ThrowIfNull(viewModel);
        var status = viewModel.Status;
        var user = status?.UserName ?? "not logged in";
        var rtt = status?.RoundTrip is { } roundTrip
            ? string.Create(CultureInfo.InvariantCulture, $" ({Math.Max(0, roundTrip.TotalMilliseconds):0} ms)")
            : "";
        var state = ConnectionStateRule.Label(viewModel.Connection);
        var connection = $" {ProductName}{Separator}{user}{Separator}tracker {status?.TrackerName ?? "?"} {state}{rtt}";
        var peers = viewModel.ActivePeers is { } active ? active.Count.ToString(CultureInfo.InvariantCulture) : "-";
        var counts = string.Create(
            CultureInfo.InvariantCulture,
            $"peers {peers}, results {viewModel.SearchResults.Count}, transfers {viewModel.RunningTransfers}/{viewModel.Transfers.Count}");
        var local = status is null
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $"share {status.ShareFolder}{Separator}port {status.FileServerPort}");
        var one = local.Length == 0 ? $"{connection}{Separator}{counts}" : $"{connection}{Separator}{counts}{Separator}{local}";
        if (one.Length <= width)
        {
            return one;
        }

        var first = $"{connection}{Separator}{counts}";
        if (first.Length > width)
        {
            first = TransferText.Fit(connection, width);
            local = local.Length == 0 ? counts : $"{counts}{Separator}{local}";
        }

        // The folder path gives way first: its end is the part that tells folders apart.
        var second = $" {local}";
        if (second.Length > width && width > 2)
        {
            second = " …" + second[(second.Length - width + 2)..];
        }

        return $"{first}\n{second}";
    }
}
