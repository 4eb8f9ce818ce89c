namespace FileShare.Tracker.Authentication;

/// <summary>
/// Exponential back-off after failed logins, per key (a source address or a user name). The first
/// <c>freeFailures</c> failures cost nothing; each further one blocks the key for
/// <c>baseDelay * 2^(n-1)</c>, at most <c>maxDelay</c>. A key quiet for <c>maxDelay</c> after its block is forgotten.
/// </summary>
internal sealed class FailureThrottle
{
    private const int MaxKeys = 100_000;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly int _freeFailures;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    public FailureThrottle(int freeFailures, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        _freeFailures = freeFailures;
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
    }

    public int Count => _entries.Count;

    /// <summary>How long <paramref name="key"/> must still wait, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) && now < entry.BlockedUntil ? entry.BlockedUntil - now : null;

    /// <summary>Counts a failure and returns the delay it caused (zero while failures are still free).</summary>
    public TimeSpan RecordFailure(string key, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            if (_entries.Count >= MaxKeys)
            {
                Prune(now);
            }

            entry = new Entry();
            if (_entries.Count < MaxKeys)
            {
                _entries.Add(key, entry);
            }
        }

        entry.Failures++;
        var delay = DelayFor(entry.Failures);
        entry.BlockedUntil = now + delay;
        return delay;
    }

    /// <summary>Forgets the failures of <paramref name="key"/> (after a successful login).</summary>
    public void Reset(string key) => _entries.Remove(key);

    /// <summary>Forgets keys that have been quiet for the maximum delay after their block ended.</summary>
    public void Prune(DateTimeOffset now)
    {
        List<string>? stale = null;
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.BlockedUntil >= _maxDelay)
            {
                (stale ??= []).Add(key);
            }
        }

        if (stale is not null)
        {
            foreach (var key in stale)
            {
                _entries.Remove(key);
            }
        }
    }

    private TimeSpan DelayFor(int failures)
    {
        var beyond = failures - _freeFailures;
        if (beyond <= 0)
        {
            return TimeSpan.Zero;
        }

        // Cap the exponent first so the multiplication cannot overflow.
        var factor = Math.Pow(2, Math.Min(beyond - 1, 30));
        var ticks = Math.Min(_baseDelay.Ticks * factor, _maxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset BlockedUntil { get; set; }
    }
}
