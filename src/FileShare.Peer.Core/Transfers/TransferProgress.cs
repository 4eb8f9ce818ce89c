namespace FileShare.Peer.Core.Transfers;

/// <summary>One download or upload, updated by the core and read by the UI.</summary>
internal sealed class TransferProgress
{
    private long _done;

    public TransferProgress(int id, TransferDirection direction, string fileName, long startedTimestamp)
    {
        Id = id;
        Direction = direction;
        FileName = fileName;
        StartedTimestamp = startedTimestamp;
    }

    public int Id { get; }

    public TransferDirection Direction { get; }

    public string FileName { get; }

    public long StartedTimestamp { get; }

    /// <summary>The other side (user name or address).</summary>
    public string Peer { get; set; } = "";

    public long Total { get; set; }

    public long Done => Interlocked.Read(ref _done);

    /// <summary>Bytes that were already present when this transfer (re)started, excluded from the speed.</summary>
    public long ResumedFrom { get; set; }

    public TransferState State { get; set; } = TransferState.Connecting;

    /// <summary>Failure reason or other detail.</summary>
    public string Detail { get; set; } = "";

    /// <summary>When the transfer ended (timestamp), or 0 while it runs.</summary>
    public long EndedTimestamp { get; set; }

    public void SetDone(long value) => Interlocked.Exchange(ref _done, value);

    public void AddDone(long delta) => Interlocked.Add(ref _done, delta);
}
