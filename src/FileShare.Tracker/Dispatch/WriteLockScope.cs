namespace FileShare.Tracker.Dispatch;

/// <summary>Holds a write lock for a <c>using</c> scope.</summary>
internal readonly ref struct WriteLockScope
{
    private readonly ReaderWriterLockSlim _lock;

    public WriteLockScope(ReaderWriterLockSlim @lock)
    {
        _lock = @lock;
        _lock.EnterWriteLock();
    }

    public void Dispose() => _lock.ExitWriteLock();
}
