namespace FileShare.Bench.Transfer;

/// <summary>Parameters of the <c>transfer</c> scenario.</summary>
/// <param name="FileBytes">Size of the large random file.</param>
/// <param name="Rounds">Rounds of FileShare and of the baseline, alternating.</param>
/// <param name="SmallFiles">Number of small files fetched one after another.</param>
/// <param name="SmallFileBytes">Size of each small file.</param>
/// <param name="BufferBytes">Copy buffer of the baseline (the peer's default TransferBufferBytes).</param>
/// <param name="BaselineFlush">Whether the baseline flushes its file to the device at the end, as the downloader does.</param>
/// <param name="WorkDirectory">Parent of the scratch directory; the system temp directory by default.</param>
/// <param name="Keep">Keep the scratch directory (logs, files) after the run.</param>
internal sealed record TransferSettings(
    long FileBytes,
    int Rounds,
    int SmallFiles,
    int SmallFileBytes,
    int BufferBytes,
    bool BaselineFlush,
    string? WorkDirectory,
    bool Keep);
