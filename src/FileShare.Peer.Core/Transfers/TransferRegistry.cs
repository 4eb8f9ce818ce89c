namespace FileShare.Peer.Core.Transfers;

/// <summary>The transfers the UI lists: running ones and the most recent finished ones.</summary>
internal sealed class TransferRegistry
{
    private const int KeepFinished = 20;
    private readonly Lock _lock = new();
    private readonly List<TransferProgress> _items = [];
    private readonly TimeProvider _time;
    private readonly long[] _finishedBytes = new long[2];
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
        lock (_lock)
        {
            if (item.EndedTimestamp == 0)
            {
                _finishedBytes[(int)item.Direction] += Math.Max(0, item.Done - item.ResumedFrom);
            }

            item.EndedTimestamp = _time.GetTimestamp();
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

    /// <summary>File bytes moved in <paramref name="direction"/> since the start: finished transfers and running ones.</summary>
    public long BytesMoved(TransferDirection direction)
    {
        lock (_lock)
        {
            var running = _items.Where(i => i.Direction == direction && i.EndedTimestamp == 0).Sum(i => Math.Max(0, i.Done - i.ResumedFrom));
            return _finishedBytes[(int)direction] + running;
        }
    }

    /// <summary>Transfers running in <paramref name="direction"/>.</summary>
    public int Running(TransferDirection direction)
    {
        lock (_lock)
        {
            return _items.Count(i => i.Direction == direction && i.EndedTimestamp == 0);
        }
    }

    /// <summary>Uploads still running.</summary>
    public int ActiveUploads => Running(TransferDirection.Upload);
}
