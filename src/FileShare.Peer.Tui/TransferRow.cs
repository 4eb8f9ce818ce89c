namespace FileShare.Peer.Tui;

/// <summary>One line of the transfers pane, computed on each tick.</summary>
/// <param name="Id">Stable identity (negative for hashing jobs).</param>
/// <param name="Kind">Download, upload or hashing.</param>
/// <param name="FileName">The file.</param>
/// <param name="Peer">The other side, if known.</param>
/// <param name="Done">Bytes done.</param>
/// <param name="Total">Bytes in all (0 when not known yet).</param>
/// <param name="BytesPerSecond">Current speed (average speed once finished), or null when unknown.</param>
/// <param name="Eta">Time left, or null when unknown.</param>
/// <param name="State">hashing, connecting, transferring, verifying, resuming, done, failed, cancelled (from the UI).</param>
/// <param name="Detail">The failure reason, if any.</param>
/// <param name="Running">False once done or failed.</param>
internal sealed record TransferRow(
    int Id,
    TransferRowKind Kind,
    string FileName,
    string Peer,
    long Done,
    long Total,
    double? BytesPerSecond,
    TimeSpan? Eta,
    string State,
    string Detail,
    bool Running);
