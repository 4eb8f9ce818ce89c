namespace FileShare.Tracker.Dispatch;

/// <summary>Holds a read lock for a <c>using</c> scope.</summary>
internal readonly ref struct ReadLockScope
{
    private readonly ReaderWriterLockSlim _lock;

    public ReadLockScope(ReaderWriterLockSlim @lock)
    {
        _lock = @lock;
        _lock.EnterReadLock();
    }

    public void Dispose() => _lock.ExitReadLock();
}
