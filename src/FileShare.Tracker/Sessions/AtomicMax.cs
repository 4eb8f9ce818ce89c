namespace FileShare.Tracker.Sessions;

/// <summary>Raises a shared value to a larger one, never lowering it, without a lock.</summary>
internal static class AtomicMax
{
    /// <summary>Raises <paramref name="field"/> to <paramref name="value"/>; true when this call raised it.</summary>
    public static bool Raise(ref long field, long value)
    {
        var current = Volatile.Read(ref field);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref field, value, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }
}
