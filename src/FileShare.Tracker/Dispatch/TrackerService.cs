using System.Buffers;
using System.Net;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Tracker.Accounts;
using FileShare.Tracker.Authentication;
using FileShare.Tracker.Network;
using FileShare.Tracker.Persistence;
using FileShare.Tracker.Publications;
using FileShare.Tracker.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Dispatch;

/// <summary>
/// The tracker's request handling, without sockets: takes a datagram and the address it came from and writes the
/// reply datagram, or nothing. Decodes with <see cref="MessageCodec"/>, answers retransmitted changes from the reply
/// cache, checks session tokens, and applies pub/unp/ren, registrations and password changes durably before replying.
/// <list type="bullet">
/// <item>Presence: <see cref="OnReceipt"/> marks a datagram's session heard from on the receive thread, lock-free,
/// before the datagram waits for anything.</item>
/// <item>Concurrency: reads (sch, get, lap, lpf, discovery) run side by side under a read lock; everything that
/// changes state (logins, changes, registrations, maintenance, commits) takes the write lock.</item>
/// <item>Group commit: <see cref="Receive(ReadOnlyMemory{byte}, IPEndPoint, ArrayBufferWriter{byte})"/> writes a change's journal record and holds its reply;
/// <see cref="CommitHeldChanges"/> flushes every record written so far with one fsync (outside the lock, so reads
/// and heartbeats keep flowing), then applies the changes to the index and returns their replies. A change is thus
/// durable before it is visible or acknowledged. A user's next change waits until the previous one is committed.</item>
/// </list>
/// </summary>
internal sealed partial class TrackerService : IDisposable
{
    private const string Anonymous = "?";
    private const int MaxErrorTextBytes = 400;
    private const string NotAuthenticatedText = "Not logged in or session expired";

    private static readonly ErrorReply NotAuthenticatedReply = new(ErrorCode.NotAuthenticated, NotAuthenticatedText);

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly TrackerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TrackerService> _logger;
    private readonly ScramAuthenticator _authenticator;
    private readonly Registrar _registrar;
    private readonly PasswordChanger _passwords;
    private readonly SessionRegistry _sessions;
    private readonly PublicationIndex _index;
    private readonly PublicationJournal _journal;
    private readonly BadDatagramLog _badDatagrams;
    private readonly ReplyCache _replies;
    private readonly GroupCommit _commits = new();
    private readonly LocalAddressResolver _localAddresses = new();
    private readonly ErrorReply _busyReply;

    // Used only under the write lock, by changes that ran again after a commit.
    private readonly ArrayBufferWriter<byte> _deferredReply = new(ProtocolLimits.MaxDatagramBytes);

    // Used only under the write lock, for the replies of committed changes.
    private readonly ArrayBufferWriter<byte> _completedReply = new(ProtocolLimits.MaxDatagramBytes);

    public TrackerService(
        IOptions<TrackerOptions> options,
        TimeProvider time,
        ScramAuthenticator authenticator,
        Registrar registrar,
        PasswordChanger passwords,
        SessionRegistry sessions,
        PublicationIndex index,
        PublicationJournal journal,
        BadDatagramLog badDatagrams,
        ILogger<TrackerService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _authenticator = authenticator;
        _registrar = registrar;
        _passwords = passwords;
        _sessions = sessions;
        _index = index;
        _journal = journal;
        _badDatagrams = badDatagrams;
        _logger = logger;
        _replies = new ReplyCache(_options.ReplyCacheLifetime, _options.ReplyCacheCapacity, _options.ReplyCacheMaxBytes);
        _busyReply = new ErrorReply(ErrorCode.Busy, "Tracker busy", (int)_options.BusyRetryAfter.TotalMilliseconds);
    }


    /// <summary>The UDP port the transport bound, announced in discovery answers.</summary>
    public int ListeningPort { get; set; }

    /// <summary>True while changes wait for <see cref="CommitHeldChanges"/> (a cheap read, no lock).</summary>
    public bool HasHeldChanges => _commits.HasHeld;

    /// <summary>Loads the durable state, once, before the first datagram.</summary>
    public void Open()
    {
        using var write = WriteLock();
        if (!_journal.IsOpen)
        {
            _journal.Open(_index);
        }
    }

    /// <summary>Compacts and closes the journal (graceful stop). Every acknowledged change was already durable.</summary>
    public void Shutdown()
    {
        using var write = WriteLock();
        if (!_journal.IsOpen)
        {
            return;
        }

        SettleHeldChangesAtShutdown();
        try
        {
            if (_journal.JournalRecordCount > 0)
            {
                _journal.Compact(_index);
            }
        }
        catch (IOException ex)
        {
            LogCompactionFailed(_logger, ex);
        }

        _journal.Dispose();
    }

    /// <summary>Periodic work: expire sessions, drop stale exchanges and replies, compact the journal when due.</summary>
    public void RunMaintenance()
    {
        using var write = WriteLock();
        var now = _time.GetUtcNow();
        foreach (var expired in _sessions.Sweep())
        {
            LogSessionExpired(_logger, expired.UserName, expired.Silence.TotalSeconds, _options.SessionTimeout.TotalSeconds);
        }

        _authenticator.Prune(now);
        _registrar.Prune(now);
        _passwords.Prune(now);
        _replies.Prune(now);
        if (_journal.IsOpen && !_commits.FlushInFlight && !_journal.HasUncommitted && _journal.CompactionDue(_index.Count))
        {
            try
            {
                _journal.Compact(_index);
            }
            catch (IOException ex)
            {
                LogCompactionFailed(_logger, ex);
            }
        }
    }

    /// <summary>
    /// Handles one datagram from <paramref name="remote"/> and returns its reply datagram or null, committing a
    /// change before returning (one fsync per change: for tests and simple callers; the transport uses
    /// <see cref="Receive(ReadOnlyMemory{byte}, IPEndPoint, ArrayBufferWriter{byte})"/> and <see cref="CommitHeldChanges"/>).
    /// </summary>
    public byte[]? Handle(ReadOnlyMemory<byte> datagram, IPEndPoint remote)
    {
        if (Receive(datagram, remote) is { } reply)
        {
            return reply;
        }

        if (!HasHeldChanges)
        {
            return null;
        }

        var committed = CommitHeldChanges();
        return committed.Count > 0 ? committed[^1].Datagram : null;
    }

    /// <summary>
    /// Handles one datagram from <paramref name="remote"/>; returns the reply datagram or null (held changes
    /// included). Allocates the reply: for tests and simple callers.
    /// </summary>
    public byte[]? Receive(ReadOnlyMemory<byte> datagram, IPEndPoint remote)
    {
        var buffer = new ArrayBufferWriter<byte>(ProtocolLimits.MaxDatagramBytes);
        return Receive(datagram, remote, buffer) ? buffer.WrittenSpan.ToArray() : null;
    }

    /// <summary>
    /// The first look at a datagram, on the receive thread, before it waits for anything: marks the session it
    /// carries heard from (lock-free, so no request work can delay presence). A heartbeat ends here: a live
    /// session's is not answered, one of an unknown or expired session is answered NotAuthenticated at once in
    /// <paramref name="reply"/>, so load never keeps a peer from learning it must log in again (the sweep removes the
    /// session). Anything else goes on to <see cref="Receive(ReadOnlyMemory{byte}, IPEndPoint, ArrayBufferWriter{byte})"/>.
    /// </summary>
    public Receipt OnReceipt(ReadOnlyMemory<byte> datagram, ArrayBufferWriter<byte> reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (!MessageCodec.TryPeekHead(datagram, out var type, out _, out var token))
        {
            return Receipt.Queue; // not a version-1 head: the full decoder says why
        }

        if (type == MessageType.Heartbeat && MessageCodec.TryReadHeartbeat(datagram, out var heartbeatId, out var heartbeatToken))
        {
            if (_sessions.Stamp(heartbeatToken))
            {
                return Receipt.Done;
            }

            ReplyDatagram.Write(reply, heartbeatId, NotAuthenticatedReply);
            return Receipt.Reply;
        }

        if (!token.IsEmpty)
        {
            _sessions.Stamp(token);
        }

        return Receipt.Queue;
    }

    /// <summary>
    /// Writes into <paramref name="reply"/> the <see cref="ErrorCode.Busy"/> answer to a datagram there is no room to
    /// run. False, and nothing written, when none is due: not a readable request, a heartbeat, or an answer that
    /// would be larger than the datagram (never amplify traffic from an unchecked source). Lock-free.
    /// </summary>
    public bool WriteBusy(ReadOnlyMemory<byte> datagram, ArrayBufferWriter<byte> reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        reply.ResetWrittenCount();
        if (!MessageCodec.TryPeekHead(datagram, out var type, out var requestId, out _)
            || Requests.Of(type) is not { } request || request.Type == MessageType.Heartbeat)
        {
            return false;
        }

        ReplyDatagram.Write(reply, requestId, _busyReply);
        if (reply.WrittenCount > datagram.Length)
        {
            reply.ResetWrittenCount();
            return false;
        }

        return true;
    }

    /// <summary>
    /// Handles one datagram from <paramref name="remote"/>: writes the reply datagram into <paramref name="reply"/>
    /// (emptied first) and returns true, or returns false when there is none to send now. The reply to a change
    /// is held until <see cref="CommitHeldChanges"/> returns it. Safe to call from several threads.
    /// </summary>
    public bool Receive(ReadOnlyMemory<byte> datagram, IPEndPoint remote, ArrayBufferWriter<byte> reply)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(reply);
        reply.ResetWrittenCount();

        // A heartbeat reaches this only from callers without a transport (tests, Handle): the receive thread answers
        // every well-formed heartbeat on receipt.
        if (MessageCodec.TryReadHeartbeat(datagram, out _, out var heartbeatToken))
        {
            using var write = WriteLock();
            if (_sessions.TryTouch(heartbeatToken, out _))
            {
                return false;
            }
        }

        Envelope envelope;
        try
        {
            envelope = MessageCodec.Decode(datagram);
        }
        catch (ProtocolException ex)
        {
            _badDatagrams.Report(remote, datagram.Length, ex.Message, ex.RequestId is not null);
            return ex.RequestId is { } id && Encode(reply, id, new ErrorReply(ex.Code, Clip(ex.Message)));
        }

        if (Requests.Of(envelope.Message.Type) is not { } request)
        {
            // Never answer a reply: two trackers (or a spoofed source) would bounce errors forever.
            _badDatagrams.Report(remote, datagram.Length, $"{envelope.Message.Type} is a reply, not a request", answered: false);
            return false;
        }

        if (request.IsRead)
        {
            using var read = ReadLock();
            return Run(envelope, request, remote, reply);
        }

        using (WriteLock())
        {
            return Run(envelope, request, remote, reply);
        }
    }

    /// <summary>
    /// Writes and flushes the journal once for every held change (outside the lock), applies them to the index
    /// and returns their replies; then runs the changes that waited for these. If the flush fails, the changes are
    /// taken back and answered with an error.
    /// </summary>
    public IReadOnlyList<OutgoingReply> CommitHeldChanges()
    {
        List<HeldChange>? batch;
        CommitBatch commit;
        using (WriteLock())
        {
            batch = _commits.BeginFlush();
            if (batch is null)
            {
                return [];
            }

            commit = _journal.BeginCommit();
        }

        IOException? failure = null;
        try
        {
            _journal.WriteAndFlush(commit);
        }
        catch (IOException ex)
        {
            failure = ex;
        }

        using (WriteLock())
        {
            if (failure is null)
            {
                _journal.EndCommit(commit);
            }
            else
            {
                LogCommitFailed(_logger, failure);
                _journal.RollBack();
            }

            _commits.EndFlush(batch, failure is null);
            var replies = new List<OutgoingReply>(batch.Count);
            foreach (var change in batch)
            {
                replies.Add(Complete(change, failure is null));
            }

            RunDeferredChanges(replies);
            return replies;
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>Runs a decoded request under the lock its kind needs; writes the reply, or nothing.</summary>
    private bool Run(Envelope envelope, RequestInfo request, IPEndPoint remote, ArrayBufferWriter<byte> output)
    {
        var now = _time.GetUtcNow();
        var key = new ReplyKey(remote, envelope.RequestId, request.Type);
        if (request.IsCached && _replies.TryGet(key, now, out var cached))
        {
            LogRetransmission(_logger, remote.Port, request.Command, envelope.RequestId);
            output.Write(cached);
            return true;
        }

        var user = PeekUser(envelope);
        if (request.IsChange)
        {
            if (_commits.IsHeld(key))
            {
                LogRetransmissionOfHeld(_logger, remote.Port, request.Command, envelope.RequestId);
                return false; // its reply goes out with the commit it waits for
            }

            if (_commits.HasHeldChangeOf(user))
            {
                // Checked against the index, a change must see the user's previous change applied.
                _commits.Defer(envelope, remote);
                return false;
            }
        }

        LogReceived(_logger, request.Level, remote.Port, request.Command, user);
        HandlerResult result;
        try
        {
            result = Execute(envelope, request, remote, user, output);
        }
        catch (Exception ex)
        {
            LogRequestFailed(_logger, ex, request.Command, user);
            result = new HandlerResult(new ErrorReply(ErrorCode.Internal, "Internal tracker error; nothing was changed"), user);
        }

        if (result.Change is { } change)
        {
            _commits.Hold(key, result.User, change);
            return false;
        }

        if (result.ReplyWritten)
        {
            LogSent(_logger, request.Level, remote.Port, "OK", result.User); // a read: never cached
            return true;
        }

        if (result.Reply is not { } reply)
        {
            return false;
        }

        try
        {
            Encode(output, envelope.RequestId, reply);
        }
        catch (InvalidOperationException ex)
        {
            LogRequestFailed(_logger, ex, request.Command, result.User);
            reply = new ErrorReply(ErrorCode.Internal, "Internal tracker error: reply too large");
            Encode(output, envelope.RequestId, reply);
        }

        LogSent(_logger, request.Level, remote.Port, reply is ErrorReply ? "ERR" : "OK", result.User);
        if (request.IsCached)
        {
            _replies.Add(key, output.WrittenSpan.ToArray(), now);
        }

        return true;
    }

    /// <summary>Who a request claims to be, for the "Received" log line before it is executed.</summary>
    private string PeekUser(Envelope envelope) => envelope.Message switch
    {
        AuthStartRequest start => start.UserName,
        AuthProofRequest proof => _authenticator.PendingUser(proof.CombinedNonce) ?? Anonymous,
        RegisterStartRequest start => start.UserName,
        RegisterFinishRequest finish => finish.UserName,
        _ when envelope.SessionToken is not null => _sessions.PeekUser(envelope.SessionToken) ?? Anonymous,
        _ => Anonymous,
    };

    private OutgoingReply Complete(HeldChange change, bool committed)
    {
        Message reply;
        if (committed)
        {
            change.Apply();
            reply = new OkReply();
        }
        else
        {
            reply = new ErrorReply(ErrorCode.Internal, "Internal tracker error: the change could not be saved; nothing was changed");
        }

        ReplyDatagram.Write(_completedReply, change.Key.RequestId, reply);
        var bytes = _completedReply.WrittenSpan.ToArray();
        _commits.Released(change);
        _replies.Add(change.Key, bytes, _time.GetUtcNow());
        LogSent(_logger, Requests.Of(change.Key.Type)!.Level, change.Key.Remote.Port, committed ? "OK" : "ERR", change.User);
        return new OutgoingReply(change.Key.Remote, bytes);
    }

    /// <summary>Runs the changes that waited for their users' previous changes; some may be held again.</summary>
    private void RunDeferredChanges(List<OutgoingReply> replies)
    {
        foreach (var (envelope, remote) in _commits.TakeDeferred())
        {
            _deferredReply.ResetWrittenCount();
            if (Run(envelope, Requests.Of(envelope.Message.Type)!, remote, _deferredReply))
            {
                replies.Add(new OutgoingReply(remote, _deferredReply.WrittenSpan.ToArray()));
            }
        }
    }

    /// <summary>At shutdown: make held changes durable and apply them (their replies can no longer be sent).</summary>
    private void SettleHeldChangesAtShutdown()
    {
        var held = _commits.TakeAllAtShutdown();
        if (held.Count == 0)
        {
            return;
        }

        var committed = true;
        try
        {
            _journal.Commit();
        }
        catch (IOException ex)
        {
            LogCommitFailed(_logger, ex);
            committed = false;
        }

        foreach (var change in held)
        {
            Complete(change, committed);
        }
    }

    /// <summary>Encodes a reply into <paramref name="output"/>; throws when it does not fit one datagram.</summary>
    private static bool Encode(ArrayBufferWriter<byte> output, uint requestId, Message reply)
    {
        ReplyDatagram.Write(output, requestId, reply);
        return true;
    }

    /// <summary>The address a datagram came from, with IPv4-mapped IPv6 addresses as plain IPv4.</summary>
    internal static IPAddress ClientAddress(IPEndPoint remote) =>
        remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;

    private static string Clip(string text)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(text) <= MaxErrorTextBytes)
        {
            return text;
        }

        var length = Math.Min(text.Length, MaxErrorTextBytes / 4);
        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return string.Concat(text.AsSpan(0, length), "...");
    }

    private ReadLockScope ReadLock() => new(_lock);

    private WriteLockScope WriteLock() => new(_lock);
}
