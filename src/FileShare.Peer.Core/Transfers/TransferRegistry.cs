namespace FileShare.Peer.Core.Transfers;

/// <summary>The transfers the UI lists: running ones and the most recent finished ones.</summary>
internal sealed class TransferRegistry
{
    private const int KeepFinished = 20;
    private readonly Lock _lock = new();
    private readonly List<TransferProgress> _items = [];
    private readonly TimeProvider _time;
    private int _nextId;

    public TransferRegistry(TimeProvider time) => _time = time;

    public TransferProgress Start(TransferDirection direction, string fileName)
    {
        var item = new TransferProgress(Interlocked.Increment(ref _nextId), direction, fileName, _time.GetTimestamp());
        lock (_lock)
        {
            _items.Add(item);
        }

        return item;
    }

    public void Finish(TransferProgress item, TransferState state, string detail = "")
    {
        item.State = state;
        item.Detail = detail;
        item.EndedTimestamp = _time.GetTimestamp();
        lock (_lock)
        {
            var finished = _items.Where(i => i.EndedTimestamp != 0).ToList();
            foreach (var old in finished.Take(Math.Max(0, finished.Count - KeepFinished)))
            {
                _items.Remove(old);
            }
        }
    }

    public IReadOnlyList<TransferProgress> Snapshot()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }

    /// <summary>Uploads still running.</summary>
    public int ActiveUploads
    {
        get
        {
            lock (_lock)
            {
                return _items.Count(i => i.Direction == TransferDirection.Upload && i.EndedTimestamp == 0);
            }
        }
    }
}
