namespace FileShare.Tracker;

/// <summary>Binary search helpers for ordinal-sorted string lists (paging cursors are exclusive).</summary>
internal static class SortedSearch
{
    /// <summary>Index of the first item greater than <paramref name="after"/> (0 when it is null).</summary>
    public static int UpperBound(IList<string> sorted, string? after) => UpperBound(sorted, after, static s => s);

    /// <summary>Index of the first item whose key is greater than <paramref name="after"/> (0 when it is null).</summary>
    public static int UpperBound<T>(IList<T> sorted, string? after, Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentNullException.ThrowIfNull(key);
        if (after is null)
        {
            return 0;
        }

        int low = 0, high = sorted.Count;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (string.CompareOrdinal(key(sorted[mid]), after) <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>
    /// Index of the first key greater than <paramref name="after"/> (0 when it is null), read through
    /// <see cref="SortedList{TKey, TValue}.GetKeyAtIndex"/>: the list's <c>Keys</c> view is a wrapper created on first
    /// use and stored in the list, and on an index loaded at startup (old generation) every first use wrote a young
    /// object into an old one, which every young collection then had to scan for.
    /// </summary>
    public static int UpperBound<TValue>(SortedList<string, TValue> sorted, string? after)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (after is null)
        {
            return 0;
        }

        int low = 0, high = sorted.Count;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (string.CompareOrdinal(sorted.GetKeyAtIndex(mid), after) <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>Index of the item whose key equals <paramref name="name"/>, or the complement of its insertion point.</summary>
    public static int Find<T>(IList<T> sorted, string name, Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentNullException.ThrowIfNull(key);
        int low = 0, high = sorted.Count - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            var cmp = string.CompareOrdinal(key(sorted[mid]), name);
            if (cmp == 0)
            {
                return mid;
            }

            if (cmp < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }
}
