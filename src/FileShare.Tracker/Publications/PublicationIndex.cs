using System.Diagnostics.CodeAnalysis;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Publications;

/// <summary>
/// All publications, by owner and by name, with the exact semantics of lpf, sch and get. Lists are sorted
/// ordinal and returned lazily from an exclusive cursor, so a page costs only the items it looks at.
/// Pure in-memory state: durability is the journal's job. Not thread-safe: the caller serialises access.
/// </summary>
internal sealed class PublicationIndex
{
    /// <summary>A text whose rarest trigram is held by at most this many names always uses the trigram path.</summary>
    private const int MinCandidateBudget = 256;

    /// <summary>
    /// Beyond that, the trigram path is used while its names are at most 1/64 of all names: checking a candidate
    /// costs ~30 ns and sorting the hits a few hundred more, while the scan's signature test costs ~3 ns a name and
    /// stops once a page is full, which for a text in more than 1/64 of the names comes within a few thousand names.
    /// </summary>
    private const int NamesPerCandidate = 64;

    private static readonly List<int> NoCandidates = [];

    [ThreadStatic]
    private static List<PublishedName>? t_hits;

    private readonly Dictionary<string, SortedList<string, Publication>> _byOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PublishedName> _byName = new(StringComparer.Ordinal);

    // One string per owner name, shared by every publication of that owner (names are shared through _byName).
    private readonly HashSet<string> _owners = new(StringComparer.Ordinal);

    // Distinct names in ordinal order, for sch, with their signatures in a parallel list so the scan reads one
    // compact array. Not maintained during a bulk load (rebuilt once at its end).
    private List<PublishedName> _sortedNames = [];
    private List<NameSignature> _sortedSignatures = [];
    private bool _bulkLoading;

    // Trigram index for sch: which names (by Id) contain each three-character sequence. A rare text is answered
    // from its rarest trigram's few names instead of a scan of every name.
    private readonly Dictionary<ulong, List<int>> _trigrams = [];
    private readonly List<PublishedName?> _namesById = [];
    private readonly Stack<int> _freeIds = new();
    private readonly List<ulong> _trigramScratch = [];

    /// <summary>Number of publications (a name published by two users counts twice).</summary>
    public int Count { get; private set; }

    /// <summary>Number of distinct names.</summary>
    public int DistinctNameCount => _byName.Count;

    /// <summary>Starts a bulk load (journal replay): inserts skip the sorted name order until <see cref="EndBulkLoad"/>.</summary>
    public void BeginBulkLoad() => _bulkLoading = true;

    public void EndBulkLoad()
    {
        _bulkLoading = false;

        // Loading grows every list by doubling; give the slack back once, since most lists never change again.
        foreach (var own in _byOwner.Values)
        {
            own.TrimExcess();
        }

        foreach (var entry in _byName.Values)
        {
            entry.Publishers.TrimExcess();
        }

        foreach (var ids in _trigrams.Values)
        {
            ids.TrimExcess();
        }

        _byOwner.TrimExcess();
        _byName.TrimExcess();
        _owners.TrimExcess();
        var names = new List<PublishedName>(_byName.Values);
        names.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        _sortedNames = names;
        _sortedSignatures = names.ConvertAll(static entry => entry.Signature);
    }

    public bool TryGet(string owner, string name, [NotNullWhen(true)] out Publication? publication)
    {
        publication = null;
        return _byOwner.TryGetValue(owner, out var own) && own.TryGetValue(name, out publication);
    }

    /// <summary>Would publishing these values change anything?</summary>
    public bool IsUnchanged(string owner, string name, long size, ReadOnlySpan<byte> sha256) =>
        TryGet(owner, name, out var existing) && existing.SameContent(size, sha256);

    /// <summary>
    /// Publishes from a record's fields (journal and snapshot replay): the owner and name strings are swapped for the
    /// ones already held before the publication is built, so a load builds one publication per record, not a second
    /// one with the shared strings.
    /// </summary>
    public PublishOutcome Publish(string owner, string name, long size, ReadOnlySpan<byte> sha256)
    {
        if (_owners.TryGetValue(owner, out var heldOwner))
        {
            owner = heldOwner;
        }

        if (_byName.TryGetValue(name, out var entry))
        {
            name = entry.Name;
        }

        return Publish(new Publication(owner, name, size, sha256));
    }

    /// <summary>Publishes or replaces <paramref name="publication"/>; idempotent.</summary>
    public PublishOutcome Publish(Publication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        if (!_byOwner.TryGetValue(publication.Owner, out var own))
        {
            own = new SortedList<string, Publication>(StringComparer.Ordinal);
            _byOwner.Add(publication.Owner, own);
            _owners.Add(publication.Owner);
        }

        if (own.TryGetValue(publication.Name, out var existing))
        {
            if (existing.SameContent(publication.Size, publication.Digest))
            {
                return PublishOutcome.Unchanged;
            }

            var replacement = publication with { Owner = existing.Owner, Name = existing.Name };
            own[existing.Name] = replacement;
            _byName[existing.Name].Publishers[existing.Owner] = replacement;
            return PublishOutcome.Replaced;
        }

        if (!_byName.TryGetValue(publication.Name, out var entry))
        {
            entry = new PublishedName(publication.Name);
            _byName.Add(publication.Name, entry);
            AddToTrigrams(entry);
            if (!_bulkLoading)
            {
                var index = ~SortedSearch.Find(_sortedNames, entry.Name, static e => e.Name);
                _sortedNames.Insert(index, entry);
                _sortedSignatures.Insert(index, entry.Signature);
            }
        }

        // Share the owner and name strings already held, so a large index keeps one copy of each.
        _owners.TryGetValue(publication.Owner, out var owner);
        var stored = ReferenceEquals(owner, publication.Owner) && ReferenceEquals(entry.Name, publication.Name)
            ? publication
            : publication with { Owner = owner!, Name = entry.Name };
        own.Add(stored.Name, stored);
        entry.Publishers.Add(stored.Owner, stored);
        Count++;
        return PublishOutcome.Added;
    }

    /// <summary>Withdraws a publication; false when the user has not published that name.</summary>
    public bool Unpublish(string owner, string name)
    {
        if (!_byOwner.TryGetValue(owner, out var own) || !own.Remove(name))
        {
            return false;
        }

        if (own.Count == 0)
        {
            _byOwner.Remove(owner);
            _owners.Remove(owner);
        }

        var entry = _byName[name];
        entry.Publishers.Remove(owner);
        if (entry.Publishers.Count == 0)
        {
            _byName.Remove(name);
            RemoveFromTrigrams(entry);
            if (!_bulkLoading)
            {
                var index = SortedSearch.Find(_sortedNames, name, static e => e.Name);
                _sortedNames.RemoveAt(index);
                _sortedSignatures.RemoveAt(index);
            }
        }

        Count--;
        return true;
    }

    /// <summary>
    /// Moves the owner's publication of <paramref name="oldName"/> to <paramref name="newName"/> (same size and hash),
    /// replacing an existing publication of the new name. False when the owner has not published the old name.
    /// </summary>
    public bool Rename(string owner, string oldName, string newName)
    {
        ArgumentNullException.ThrowIfNull(newName);
        if (!TryGet(owner, oldName, out var publication))
        {
            return false;
        }

        if (string.Equals(oldName, newName, StringComparison.Ordinal))
        {
            return true;
        }

        Unpublish(owner, oldName);
        Publish(publication with { Name = newName });
        return true;
    }

    /// <summary>lpf: the owner's names after the cursor, online or not.</summary>
    public IEnumerable<string> OwnNamesAfter(string owner, string? after)
    {
        var all = new NameCollector();
        OwnNamesAfter(owner, after, all);
        return all.Names;
    }

    /// <summary>lpf into <paramref name="page"/>: true when it stopped at a name the page had no room for.</summary>
    public bool OwnNamesAfter(string owner, string? after, INameSink page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!_byOwner.TryGetValue(owner, out var own))
        {
            return false;
        }

        for (var i = SortedSearch.UpperBound(own, after); i < own.Count; i++)
        {
            if (!page.TryAdd(own.GetKeyAtIndex(i)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// sch: distinct names after the cursor that contain <paramref name="text"/> (ordinal), have an active
    /// publisher other than the requester, and are not published by the requester.
    /// </summary>
    public IEnumerable<string> Search(string text, string requester, string? after, IPresence presence)
    {
        var all = new NameCollector();
        Search(text, requester, after, presence, all);
        return all.Names;
    }

    /// <summary>sch into <paramref name="page"/>: true when it stopped at a name the page had no room for.</summary>
    public bool Search(string text, string requester, string? after, IPresence presence, INameSink page)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(presence);
        ArgumentNullException.ThrowIfNull(page);
        _byOwner.TryGetValue(requester, out var mine);
        if (RareTextCandidates(text) is { } candidates)
        {
            return SearchCandidates(candidates, text, requester, after, presence, mine, page);
        }

        return ScanSearch(text, requester, after, presence, mine, page);
    }

    private bool ScanSearch(
        string text, string requester, string? after, IPresence presence, SortedList<string, Publication>? mine, INameSink page)
    {
        var names = _sortedNames;
        var signatures = _sortedSignatures;
        var wanted = NameSignature.Compute(text);
        for (var i = SortedSearch.UpperBound(names, after, static e => e.Name); i < names.Count; i++)
        {
            if (!signatures[i].MayContain(wanted))
            {
                continue;
            }

            var entry = names[i];
            if (entry.Name.Contains(text, StringComparison.Ordinal) && IsFindable(entry, requester, presence, mine) && !page.TryAdd(entry.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>get: active publishers of the exact name other than the requester, after the cursor, sorted by user.</summary>
    public IEnumerable<Publication> ActivePublishersAfter(string name, string requester, string? after, IPresence presence)
    {
        var all = new PublicationCollector();
        ActivePublishersAfter(name, requester, after, presence, all);
        return all.Publications;
    }

    /// <summary>get into <paramref name="page"/>: true when it stopped at a publisher the page had no room for.</summary>
    public bool ActivePublishersAfter(string name, string requester, string? after, IPresence presence, IPublicationSink page)
    {
        ArgumentNullException.ThrowIfNull(presence);
        ArgumentNullException.ThrowIfNull(page);
        if (!_byName.TryGetValue(name, out var entry))
        {
            return false;
        }

        // GetKeyAtIndex/GetValueAtIndex, never the Keys/Values views: see SortedSearch.UpperBound.
        var publishers = entry.Publishers;
        for (var i = SortedSearch.UpperBound(publishers, after); i < publishers.Count; i++)
        {
            var owner = publishers.GetKeyAtIndex(i);
            if (!string.Equals(owner, requester, StringComparison.Ordinal) && presence.IsActive(owner) && !page.TryAdd(publishers.GetValueAtIndex(i)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every publication (for a snapshot), by owner then name.</summary>
    public IEnumerable<Publication> All()
    {
        foreach (var own in _byOwner.Values)
        {
            for (var i = 0; i < own.Count; i++)
            {
                yield return own.GetValueAtIndex(i);
            }
        }
    }

    /// <summary>
    /// The names holding the text's rarest trigram, when there are few enough that checking them all and sorting
    /// the hits beats a scan in name order that stops at a full page (which wins for common texts); else null.
    /// The budget is a fixed share of the names, not a power below one: with sqrt(50 n) the bench's common words
    /// (each in 1/20 of the names) crossed over to this path once publishing had grown the index by a quarter,
    /// and sorting their ~1,250 hits per sch tripled the tracker's CPU for sch and overflowed its socket.
    /// </summary>
    private List<int>? RareTextCandidates(string text)
    {
        if (text.Length < 3)
        {
            return null;
        }

        List<int>? rarest = null;
        for (var i = 0; i + 3 <= text.Length; i++)
        {
            if (!_trigrams.TryGetValue(Trigram(text, i), out var ids))
            {
                return NoCandidates; // no name contains this part of the text
            }

            if (rarest is null || ids.Count < rarest.Count)
            {
                rarest = ids;
            }
        }

        return rarest!.Count <= Math.Max(MinCandidateBudget, _byName.Count / NamesPerCandidate) ? rarest : null;
    }

    private bool SearchCandidates(
        List<int> candidates, string text, string requester, string? after, IPresence presence, SortedList<string, Publication>? mine, INameSink page)
    {
        // Reads run side by side, so each thread sorts its hits in a list of its own.
        var hits = t_hits ??= [];
        try
        {
            foreach (var id in candidates)
            {
                var entry = _namesById[id]!;
                if ((after is null || string.CompareOrdinal(entry.Name, after) > 0) && entry.Name.Contains(text, StringComparison.Ordinal))
                {
                    hits.Add(entry);
                }
            }

            hits.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (var entry in hits)
            {
                if (IsFindable(entry, requester, presence, mine) && !page.TryAdd(entry.Name))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            hits.Clear();
        }
    }

    private void AddToTrigrams(PublishedName entry)
    {
        if (_freeIds.TryPop(out var id))
        {
            _namesById[id] = entry;
        }
        else
        {
            id = _namesById.Count;
            _namesById.Add(entry);
        }

        entry.Id = id;
        foreach (var trigram in DistinctTrigrams(entry.Name))
        {
            if (!_trigrams.TryGetValue(trigram, out var ids))
            {
                ids = [];
                _trigrams.Add(trigram, ids);
            }

            ids.Add(id);
        }
    }

    private void RemoveFromTrigrams(PublishedName entry)
    {
        foreach (var trigram in DistinctTrigrams(entry.Name))
        {
            var ids = _trigrams[trigram];
            var at = ids.IndexOf(entry.Id);
            ids[at] = ids[^1]; // order does not matter: hits are sorted by name
            ids.RemoveAt(ids.Count - 1);
            if (ids.Count == 0)
            {
                _trigrams.Remove(trigram);
            }
        }

        _namesById[entry.Id] = null;
        _freeIds.Push(entry.Id);
    }

    private List<ulong> DistinctTrigrams(string name)
    {
        var trigrams = _trigramScratch;
        trigrams.Clear();
        for (var i = 0; i + 3 <= name.Length; i++)
        {
            trigrams.Add(Trigram(name, i));
        }

        trigrams.Sort();
        var distinct = 0;
        for (var i = 0; i < trigrams.Count; i++)
        {
            if (i == 0 || trigrams[i] != trigrams[i - 1])
            {
                trigrams[distinct++] = trigrams[i];
            }
        }

        trigrams.RemoveRange(distinct, trigrams.Count - distinct);
        return trigrams;
    }

    private static ulong Trigram(string text, int at) => text[at] | ((ulong)text[at + 1] << 16) | ((ulong)text[at + 2] << 32);

    /// <summary>sch's rule for a name that contains the text: not published by the requester, and published by an active peer.</summary>
    private static bool IsFindable(PublishedName entry, string requester, IPresence presence, SortedList<string, Publication>? mine) =>
        (mine is null || !mine.ContainsKey(entry.Name)) && HasActivePublisher(entry, requester, presence);

    private static bool HasActivePublisher(PublishedName entry, string requester, IPresence presence)
    {
        var publishers = entry.Publishers;
        for (var i = 0; i < publishers.Count; i++)
        {
            var owner = publishers.GetKeyAtIndex(i);
            if (!string.Equals(owner, requester, StringComparison.Ordinal) && presence.IsActive(owner))
            {
                return true;
            }
        }

        return false;
    }
}
