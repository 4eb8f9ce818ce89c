using System.Net;
using FileShare.Protocol.Messages;

namespace FileShare.Tracker.Dispatch;

/// <summary>
/// The state of group commit: changes written to the journal whose replies wait for the next flush, the keys of
/// those requests (a retransmission is not run twice), their users, and later changes of those users, which must see
/// the earlier ones applied and so wait for the flush too. One flush at a time covers every change held before it
/// started. Not thread-safe: the tracker's write lock covers it, except <see cref="HasHeld"/>.
/// </summary>
internal sealed class GroupCommit
{
    private readonly HashSet<ReplyKey> _heldKeys = [];
    private readonly HashSet<string> _usersWithHeldChanges = new(StringComparer.Ordinal);
    private readonly Queue<(Envelope Envelope, IPEndPoint Remote, ReplyTo ReplyTo)> _waiting = new();
    private List<HeldChange> _held = [];
    private int _heldCount;

    /// <summary>True while changes wait for a flush (a cheap read, no lock).</summary>
    public bool HasHeld => Volatile.Read(ref _heldCount) > 0;

    /// <summary>True while a flush runs.</summary>
    public bool FlushInFlight { get; private set; }

    /// <summary>Whether a request with this key is held: its reply goes out with the flush it waits for.</summary>
    public bool IsHeld(ReplyKey key) => _heldKeys.Contains(key);

    /// <summary>Whether a change of <paramref name="user"/> is held, so the user's next change must wait.</summary>
    public bool HasHeldChangeOf(string user) => _usersWithHeldChanges.Contains(user);

    /// <summary>Parks a change until its user's held change is flushed.</summary>
    public void Defer(Envelope envelope, IPEndPoint remote, ReplyTo replyTo) => _waiting.Enqueue((envelope, remote, replyTo));

    /// <summary>Holds a change written to the journal until the next flush.</summary>
    public void Hold(ReplyKey key, ReplyTo replyTo, string user, Action apply)
    {
        _held.Add(new HeldChange(key, replyTo, user, apply));
        _heldKeys.Add(key);
        _usersWithHeldChanges.Add(user);
        Volatile.Write(ref _heldCount, _held.Count);
    }

    /// <summary>Takes the changes a flush will cover, or null when there are none or a flush runs.</summary>
    public List<HeldChange>? BeginFlush()
    {
        if (_held.Count == 0 || FlushInFlight)
        {
            return null;
        }

        var batch = _held;
        _held = [];
        FlushInFlight = true;
        return batch;
    }

    /// <summary>
    /// Ends a flush. A failed one also fails the changes held while it ran (the journal's rollback takes their records
    /// back too): they join <paramref name="batch"/>.
    /// </summary>
    public void EndFlush(List<HeldChange> batch, bool succeeded)
    {
        FlushInFlight = false;
        if (!succeeded)
        {
            batch.AddRange(_held);
            _held.Clear();
        }

        _usersWithHeldChanges.Clear();
        foreach (var change in _held)
        {
            _usersWithHeldChanges.Add(change.User);
        }

        Volatile.Write(ref _heldCount, _held.Count);
    }

    /// <summary>A held change was answered: a retransmission of it is now answered from the reply cache.</summary>
    public void Released(HeldChange change) => _heldKeys.Remove(change.Key);

    /// <summary>The deferred changes, in arrival order, to run again now that a flush ended.</summary>
    public List<(Envelope Envelope, IPEndPoint Remote, ReplyTo ReplyTo)> TakeDeferred()
    {
        var deferred = new List<(Envelope, IPEndPoint, ReplyTo)>(_waiting);
        _waiting.Clear();
        return deferred;
    }

    /// <summary>At shutdown: every held change (none when a flush runs), after which nothing is held or deferred.</summary>
    public List<HeldChange> TakeAllAtShutdown()
    {
        if (FlushInFlight)
        {
            return [];
        }

        var all = _held;
        _held = [];
        _usersWithHeldChanges.Clear();
        _waiting.Clear();
        Volatile.Write(ref _heldCount, 0);
        return all;
    }
}
