using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using FileShare.Protocol;
using FileShare.Protocol.Security;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Sessions;

/// <summary>
/// Who is online. A session is active while its silence is at most SessionTimeout: exactly at the timeout it still
/// is, one tick later it is not. The silence is one the peer caused: it runs from when the session was last heard
/// from, or from the tracker's own last loss of datagrams if that is later, to the time up to which the tracker has
/// read everything that arrived (<see cref="ReceiveHealth"/>); a tracker that falls behind expires nobody.
/// Expiry is checked on every lookup, so the answer never depends on when the last <see cref="Sweep"/> ran.
/// <see cref="Verify"/> is lock-free and may run on the receive thread at any time; the lookups may run side by side
/// (the tracker's read lock); what changes the registry is serialised by the caller (its write lock).
/// </summary>
internal sealed class SessionRegistry : IPresence
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly ReceiveHealth _health;

    // Read lock-free by Stamp on the receive thread; written under the caller's lock.
    private readonly ConcurrentDictionary<SessionKey, Session> _byKey = new();
    private readonly Dictionary<string, Session> _byUser = new(StringComparer.Ordinal);

    // User names of all sessions (including expired ones not swept yet), sorted ordinal, for paged lap.
    private readonly List<string> _sortedUsers = [];

    // Sessions found expired (and removed) by a touch since the last sweep, so the sweep reports them too.
    private readonly List<ExpiredSession> _expiredAtTouch = [];

    public SessionRegistry(IOptions<TrackerOptions> options, TimeProvider time, ReceiveHealth health)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _timeout = options.Value.SessionTimeout;
        _health = health;
    }

    /// <summary>Sessions held, including expired ones the sweep has not removed yet.</summary>
    public int Count => _byUser.Count;

    public bool IsActive(string userName) => TryGetActive(userName, out _);

    public bool TryGetActive(string userName, [NotNullWhen(true)] out Session? session)
    {
        if (_byUser.TryGetValue(userName, out session) && IsAlive(session, _time.GetTimestamp()))
        {
            return true;
        }

        session = null;
        return false;
    }

    /// <summary>The user a token belongs to (for logging; expired sessions included), or null. Does not count as heard from.</summary>
    public string? PeekUser(ReadOnlySpan<byte> token) =>
        SessionKey.TryCreate(token, out var key) && _byKey.TryGetValue(key, out var session) ? session.UserName : null;

    /// <summary>Starts a session for a user who just logged in, replacing an expired one.</summary>
    public Session Start(string userName, string address, int fileServerPort, SessionKeys keys)
    {
        if (_byUser.TryGetValue(userName, out var old))
        {
            Remove(old);
        }

        var token = RandomNumberGenerator.GetBytes(ProtocolLimits.SessionTokenBytes);
        SessionKey.TryCreate(token, out var key);
        var ticketKey = RandomNumberGenerator.GetBytes(ProtocolLimits.TicketKeyBytes);
        var session = new Session(userName, key, token, keys, ticketKey, address, fileServerPort, _time.GetTimestamp());
        _byKey[key] = session;
        _byUser.Add(userName, session);
        var index = _sortedUsers.BinarySearch(userName, StringComparer.Ordinal);
        _sortedUsers.Insert(~index, userName);
        return session;
    }

    /// <summary>
    /// On receipt of a signed datagram, before it waits for anything: finds the live session of its token and checks
    /// its MAC. A genuine datagram with the highest counter yet marks the session heard from. Lock-free and
    /// allocation-free. Returns the session when the datagram is genuine; null for an unknown or expired session
    /// (left for <see cref="TryTouch"/> to remove) and for a wrong MAC, told apart by <paramref name="known"/>.
    /// </summary>
    public Session? Verify(ReadOnlySpan<byte> token, long counter, ReadOnlySpan<byte> datagram, out bool known)
    {
        known = false;
        if (Find(token, out var now) is not { } session || !IsAlive(session, now))
        {
            return null;
        }

        known = true;
        if (!session.Keys.RequestMac.Verify(datagram))
        {
            return null;
        }

        session.HeardSigned(counter, now);
        return session;
    }

    /// <summary>
    /// Whether the live session of <paramref name="token"/> was heard from less than <paramref name="recent"/> ago: then
    /// a request of it need not have its MAC checked on receipt, as the mark it would set is that recent already (the
    /// worker checks it before running it). Lock-free.
    /// </summary>
    public bool HeardWithin(ReadOnlySpan<byte> token, TimeSpan recent) =>
        Find(token, out var now) is { } session && IsAlive(session, now) && _time.GetElapsedTime(session.LastSeen, now) < recent;

    /// <summary>
    /// Finds the live session of a token and marks it heard from now, changing nothing else: for reads, which run
    /// side by side. An expired session is left for <see cref="TryTouch"/> or <see cref="Sweep"/> to remove.
    /// </summary>
    public bool TryGetLive(ReadOnlySpan<byte> token, [NotNullWhen(true)] out Session? session)
    {
        session = Find(token, out var now) is { } found && IsAlive(found, now) ? found : null;
        session?.Heard(now);
        return session is not null;
    }

    /// <summary>Finds the live session of a token and marks it heard from now. An expired session is removed.</summary>
    public bool TryTouch(ReadOnlySpan<byte> token, [NotNullWhen(true)] out Session? session)
    {
        session = null;
        if (Find(token, out var now) is not { } found)
        {
            return false;
        }

        if (!IsAlive(found, now))
        {
            Remove(found);
            _expiredAtTouch.Add(new ExpiredSession(found.UserName, _time.GetElapsedTime(found.LastSeen, now)));
            return false;
        }

        found.Heard(now);
        session = found;
        return true;
    }

    /// <summary>Ends a session at once (leave).</summary>
    public void End(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_byKey.TryGetValue(session.Key, out var current) && ReferenceEquals(current, session))
        {
            Remove(session);
        }
    }

    /// <summary>
    /// Removes expired sessions and returns them with how long each had been silent, including those a touch found
    /// expired since the last sweep.
    /// </summary>
    public IReadOnlyList<ExpiredSession> Sweep()
    {
        var now = _time.GetTimestamp();
        List<Session>? expired = null;
        foreach (var session in _byUser.Values)
        {
            if (!IsAlive(session, now))
            {
                (expired ??= []).Add(session);
            }
        }

        if (expired is null && _expiredAtTouch.Count == 0)
        {
            return [];
        }

        var result = new List<ExpiredSession>(_expiredAtTouch);
        _expiredAtTouch.Clear();
        foreach (var session in expired ?? [])
        {
            Remove(session);
            result.Add(new ExpiredSession(session.UserName, _time.GetElapsedTime(session.LastSeen, now)));
        }

        return result;
    }

    /// <summary>Active users other than <paramref name="excluded"/> with names after <paramref name="after"/>, sorted ordinal.</summary>
    public IEnumerable<string> ActiveUsersAfter(string? after, string excluded)
    {
        var all = new NameCollector();
        ActiveSessionsAfter(after, excluded, new SessionNames(all));
        return all.Names;
    }

    /// <summary>
    /// lap into <paramref name="page"/>: the active sessions of users other than <paramref name="excluded"/> after
    /// <paramref name="after"/>, in user-name order, read from the ordered view kept on login, leave and expiry (no sort,
    /// no copy). True when it stopped at a session the page had no room for.
    /// </summary>
    public bool ActiveSessionsAfter(string? after, string excluded, ISessionSink page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var now = _time.GetTimestamp();
        for (var i = SortedSearch.UpperBound(_sortedUsers, after); i < _sortedUsers.Count; i++)
        {
            var user = _sortedUsers[i];
            if (!string.Equals(user, excluded, StringComparison.Ordinal) && _byUser[user] is var session && IsAlive(session, now)
                && !page.TryAdd(session))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The session of a token, expired or not, and the time of the lookup.</summary>
    private Session? Find(ReadOnlySpan<byte> token, out long now)
    {
        now = _time.GetTimestamp();
        return SessionKey.TryCreate(token, out var key) && _byKey.TryGetValue(key, out var session) ? session : null;
    }

    private bool IsAlive(Session session, long now)
    {
        // A loss of the tracker's own restarts the silence only of sessions still alive when it happened: it can hide
        // a heartbeat, never bring back a session that had already expired.
        var from = session.LastSeen;
        var loss = _health.LastLoss;
        if (loss > from && _time.GetElapsedTime(from, loss) <= _timeout)
        {
            from = loss;
        }

        return _time.GetElapsedTime(from, _health.Horizon(now)) <= _timeout;
    }

    private void Remove(Session session)
    {
        _byKey.TryRemove(new KeyValuePair<SessionKey, Session>(session.Key, session));
        _byUser.Remove(session.UserName);
        var index = _sortedUsers.BinarySearch(session.UserName, StringComparer.Ordinal);
        if (index >= 0)
        {
            _sortedUsers.RemoveAt(index);
        }
    }
}
