namespace FileShare.Peer.Tui;

/// <summary>A <c>pub</c> hashing its file: the core reports bytes read, the transfers pane shows them.</summary>
internal sealed class HashingJob : IProgress<long>
{
    private long _done;

    public HashingJob(string fileName, long total, long startedTimestamp)
    {
        FileName = fileName;
        Total = total;
        StartedTimestamp = startedTimestamp;
    }

    public string FileName { get; }

    public long Total { get; }

    public long StartedTimestamp { get; }

    public long Done => Interlocked.Read(ref _done);

    public void Report(long value) => Interlocked.Exchange(ref _done, value);
}
