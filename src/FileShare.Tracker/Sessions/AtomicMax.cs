namespace FileShare.Tracker.Sessions;

/// <summary>Raises a shared timestamp to a later value, never lowering it, without a lock.</summary>
internal static class AtomicMax
{
    public static void Raise(ref long field, long value)
    {
        var current = Volatile.Read(ref field);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref field, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
