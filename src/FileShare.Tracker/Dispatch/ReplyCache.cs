namespace FileShare.Tracker.Dispatch;

/// <summary>
/// Encoded replies by request, so a retransmitted request is answered with the same bytes and not executed
/// twice. Entries live for a fixed time; when the cache holds too many replies or too many bytes the oldest go first.
/// Not thread-safe: the caller serialises access.
/// </summary>
internal sealed class ReplyCache
{
    private readonly Dictionary<ReplyKey, Entry> _entries = [];
    private readonly Queue<(ReplyKey Key, Entry Entry)> _order = new();
    private readonly TimeSpan _lifetime;
    private readonly int _capacity;
    private readonly long _maxBytes;

    public ReplyCache(TimeSpan lifetime, int capacity, long maxBytes = long.MaxValue)
    {
        _lifetime = lifetime;
        _capacity = capacity;
        _maxBytes = maxBytes;
    }

    public int Count => _entries.Count;

    /// <summary>Bytes of the replies held.</summary>
    public long Bytes { get; private set; }

    public bool TryGet(ReplyKey key, DateTimeOffset now, out byte[] reply)
    {
        if (_entries.TryGetValue(key, out var entry) && now < entry.ExpiresAt)
        {
            reply = entry.Reply;
            return true;
        }

        reply = [];
        return false;
    }

    public void Add(ReplyKey key, byte[] reply, DateTimeOffset now)
    {
        Prune(now);
        while ((_entries.Count >= _capacity || Bytes + reply.Length > _maxBytes) && _order.TryDequeue(out var oldest))
        {
            RemoveIfCurrent(oldest.Key, oldest.Entry);
        }

        var entry = new Entry(reply, now + _lifetime);
        if (_entries.TryGetValue(key, out var replaced))
        {
            Bytes -= replaced.Reply.Length;
        }

        _entries[key] = entry;
        Bytes += reply.Length;
        _order.Enqueue((key, entry));
    }

    /// <summary>Drops expired replies (the queue is in expiry order because the lifetime is fixed).</summary>
    public void Prune(DateTimeOffset now)
    {
        while (_order.TryPeek(out var oldest) && now >= oldest.Entry.ExpiresAt)
        {
            _order.Dequeue();
            RemoveIfCurrent(oldest.Key, oldest.Entry);
        }
    }

    private void RemoveIfCurrent(ReplyKey key, Entry entry)
    {
        if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
        {
            _entries.Remove(key);
            Bytes -= entry.Reply.Length;
        }
    }

    private sealed record Entry(byte[] Reply, DateTimeOffset ExpiresAt);
}
