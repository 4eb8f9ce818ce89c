namespace FileShare.Tracker.Accounts;

/// <summary>
/// At most <c>limit</c> accounts created per source address within a sliding <c>window</c>, so one host cannot
/// mint accounts in bulk. Not thread-safe: the caller serialises access.
/// </summary>
internal sealed class RegistrationQuota
{
    private const int MaxAddresses = 100_000;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _created = new(StringComparer.Ordinal);
    private readonly int _limit;
    private readonly TimeSpan _window;

    public RegistrationQuota(int limit, TimeSpan window)
    {
        _limit = limit;
        _window = window;
    }

    /// <summary>How long <paramref name="address"/> must wait before it may create another account, or null.</summary>
    public TimeSpan? RetryAfter(string address, DateTimeOffset now)
    {
        if (!_created.TryGetValue(address, out var times))
        {
            return null;
        }

        Expire(times, now);
        return times.Count >= _limit ? times.Peek() + _window - now : null;
    }

    /// <summary>Counts an account created from <paramref name="address"/>.</summary>
    public void Record(string address, DateTimeOffset now)
    {
        if (!_created.TryGetValue(address, out var times))
        {
            if (_created.Count >= MaxAddresses)
            {
                Prune(now);
            }

            times = new Queue<DateTimeOffset>();
            if (_created.Count < MaxAddresses)
            {
                _created.Add(address, times);
            }
        }

        times.Enqueue(now);
    }

    /// <summary>Forgets addresses with no account created within the window.</summary>
    public void Prune(DateTimeOffset now)
    {
        List<string>? idle = null;
        foreach (var (address, times) in _created)
        {
            Expire(times, now);
            if (times.Count == 0)
            {
                (idle ??= []).Add(address);
            }
        }

        foreach (var address in idle ?? [])
        {
            _created.Remove(address);
        }
    }

    private void Expire(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.TryPeek(out var oldest) && now - oldest >= _window)
        {
            times.Dequeue();
        }
    }
}
