using System.Buffers;
using System.Net;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Tracker.Accounts;
using FileShare.Tracker.Authentication;
using FileShare.Tracker.Diagnostics;
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
/// <item>Presence: <see cref="OnReceipt(ReadOnlyMemory{byte}, ArrayBufferWriter{byte}, out Session?)"/> marks a datagram's session heard from on the receive thread, lock-free,
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

    /// <summary>How recently a session must have been heard from for a request's MAC to wait for the worker.</summary>
    private static readonly TimeSpan PresenceRefresh = TimeSpan.FromMilliseconds(250);

    private static readonly ErrorReply NotAuthenticatedReply = new(ErrorCode.NotAuthenticated, NotAuthenticatedText);
    private static readonly ErrorReply UnsignedSessionReply = new(ErrorCode.UnsupportedVersion, "Requests of a session must be signed (protocol 2)");

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
    private readonly TrackerMetrics? _metrics;
    private long _rejectedSignatures;

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
        ILogger<TrackerService> logger,
        TrackerMetrics? metrics = null)
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
        _metrics = metrics;
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

    /// <summary>Signed datagrams whose MAC was wrong for their session: forged, corrupted, or of an older login.</summary>
    public long RejectedSignatures => Interlocked.Read(ref _rejectedSignatures);

    /// <summary>
    /// The first look at a datagram, on the receive thread, before it waits for anything: checks the MAC of a signed
    /// datagram and marks its session heard from (lock-free, so no request work can delay presence). A heartbeat ends
    /// here: a genuine one is not answered, a forged one is dropped, and one of an unknown or expired session is answered
    /// NotAuthenticated at once in <paramref name="reply"/>, so load never keeps a peer from learning it must log in
    /// again (the sweep removes the session). Anything else goes on to <see cref="Receive(ReadOnlyMemory{byte}, IPEndPoint, ArrayBufferWriter{byte})"/>.
    /// </summary>
    public Receipt OnReceipt(ReadOnlyMemory<byte> datagram, ArrayBufferWriter<byte> reply) => OnReceipt(datagram, reply, out _);

    /// <summary>
    /// <see cref="OnReceipt(ReadOnlyMemory{byte}, ArrayBufferWriter{byte})"/>, also giving the session whose MAC the
    /// datagram carries when it was checked here, so the worker need not check it again (one HMAC fewer per request).
    /// </summary>
    public Receipt OnReceipt(ReadOnlyMemory<byte> datagram, ArrayBufferWriter<byte> reply, out Session? verified)
    {
        ArgumentNullException.ThrowIfNull(reply);
        verified = null;
        if (!MessageCodec.TryPeekHead(datagram, out DatagramHead head) || !head.IsSigned)
        {
            return Receipt.Queue; // version 1 (no session yet, or refused), or not a head at all: the full decoder says why
        }

        // A request of a session heard from a moment ago brings presence nothing new: its MAC is left to the worker,
        // so a request costs the receive thread no HMAC (and one shed for load costs none at all). Heartbeats are
        // always checked here: they are what presence rests on.
        if (head.Type != MessageType.Heartbeat && _sessions.HeardWithin(head.Token, PresenceRefresh))
        {
            return Receipt.Queue;
        }

        var session = _sessions.Verify(head.Token, head.Counter!.Value, datagram.Span, out var known);
        if (session is null && known)
        {
            Interlocked.Increment(ref _rejectedSignatures);
        }

        if (head.Type != MessageType.Heartbeat || !MessageCodec.TryReadHeartbeat(datagram, out DatagramHead heartbeat))
        {
            verified = session;
            return Receipt.Queue;
        }

        if (session is not null || known)
        {
            if (session is not null)
            {
                _metrics?.Request(MessageType.Heartbeat);
            }

            return Receipt.Done; // genuine: presence is stamped; forged: dropped
        }

        return WriteError(reply, ReplyTo.Refusal(heartbeat.RequestId, datagram.Length), NotAuthenticatedReply) ? Receipt.Reply : Receipt.Done;
    }

    /// <summary>
    /// Writes into <paramref name="reply"/> the <see cref="ErrorCode.Busy"/> answer to a datagram there is no room to
    /// run. Unsigned, even to a signed request: shedding load must cost as little as possible, and a forged Busy can
    /// only delay a request, as a dropped datagram can (PROTOCOL.md §14). False, and nothing written, when none is due:
    /// not a readable request, a heartbeat, or an answer that would be larger than the datagram (never amplify traffic
    /// from an unchecked source). Lock-free.
    /// </summary>
    public bool WriteBusy(ReadOnlyMemory<byte> datagram, ArrayBufferWriter<byte> reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        reply.ResetWrittenCount();
        if (!MessageCodec.TryPeekHead(datagram, out DatagramHead head)
            || Requests.Of(head.Type) is not { } request || request.Type == MessageType.Heartbeat)
        {
            return false;
        }

        return WriteError(reply, ReplyTo.Refusal(head.RequestId, datagram.Length), _busyReply);
    }

    /// <summary>
    /// Handles one datagram from <paramref name="remote"/>: writes the reply datagram into <paramref name="reply"/>
    /// (emptied first) and returns true, or returns false when there is none to send now. The reply to a change
    /// is held until <see cref="CommitHeldChanges"/> returns it. Safe to call from several threads.
    /// </summary>
    public bool Receive(ReadOnlyMemory<byte> datagram, IPEndPoint remote, ArrayBufferWriter<byte> reply) =>
        Receive(datagram, remote, reply, verified: null);

    /// <summary>
    /// <see cref="Receive(ReadOnlyMemory{byte}, IPEndPoint, ArrayBufferWriter{byte})"/> of a datagram whose MAC
    /// <see cref="OnReceipt(ReadOnlyMemory{byte}, ArrayBufferWriter{byte}, out Session?)"/> checked already
    /// (<paramref name="verified"/>, its session), or null to check it here.
    /// </summary>
    public bool Receive(ReadOnlyMemory<byte> datagram, IPEndPoint remote, ArrayBufferWriter<byte> reply, Session? verified)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(reply);
        reply.ResetWrittenCount();

        // A heartbeat reaches this only from callers without a transport (tests, Handle): the receive thread answers
        // every well-formed signed heartbeat on receipt.
        if (MessageCodec.TryReadHeartbeat(datagram, out DatagramHead heartbeat) && heartbeat.Counter is { } heartbeatCounter)
        {
            using var write = WriteLock();
            var session = _sessions.Verify(heartbeat.Token, heartbeatCounter, datagram.Span, out var known);
            if (session is not null && _sessions.TryTouch(heartbeat.Token, out _))
            {
                return false;
            }

            if (known && session is null)
            {
                _badDatagrams.Report(remote, datagram.Length, "wrong MAC for its session", answered: false);
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
            // Never answer a reply type, even a malformed one: two trackers (or a spoofed source) would bounce errors forever.
            var answer = ex.RequestId is { } id && !IsReplyType(datagram)
                && WriteError(reply, ReplyTo.Refusal(id, datagram.Length), new ErrorReply(ex.Code, Clip(ex.Message)));
            _badDatagrams.Report(remote, datagram.Length, ex.Message, answer);
            return answer;
        }

        if (Requests.Of(envelope.Message.Type) is not { } request)
        {
            _badDatagrams.Report(remote, datagram.Length, $"{envelope.Message.Type} is a reply, not a request", answered: false);
            return false;
        }

        if (Address(envelope, request, datagram, remote, reply, verified) is not { } to)
        {
            return reply.WrittenCount > 0;
        }

        if (request.IsRead)
        {
            using var read = ReadLock();
            return Run(envelope, request, remote, to, reply);
        }

        using (WriteLock())
        {
            return Run(envelope, request, remote, to, reply);
        }
    }

    /// <summary>
    /// Checks that a request is signed exactly when it belongs to a session, and that the signature is its session's
    /// (PROTOCOL.md §5): returns how to answer it, or null when it is refused here (the refusal, if any, is written
    /// into <paramref name="reply"/>).
    /// </summary>
    private ReplyTo? Address(Envelope envelope, RequestInfo request, ReadOnlyMemory<byte> datagram, IPEndPoint remote, ArrayBufferWriter<byte> reply, Session? verified)
    {
        var unsigned = ReplyTo.Refusal(envelope.RequestId, datagram.Length);
        if (envelope.Counter is not { } counter)
        {
            if (request.Unsigned)
            {
                return ReplyTo.Unsigned(envelope.RequestId);
            }

            // Without a token it is simply not logged in; with one it is a version-1 client's bearer token.
            var refusal = envelope.SessionToken is null ? NotAuthenticatedReply : UnsignedSessionReply;
            var answered = WriteError(reply, unsigned, refusal);
            _badDatagrams.Report(remote, datagram.Length, $"unsigned {request.Command}", answered);
            return null;
        }

        if (request.Unsigned)
        {
            var answered = WriteError(reply, unsigned, new ErrorReply(ErrorCode.BadRequest, $"{envelope.Message.Type} is sent in a version 1 envelope"));
            _badDatagrams.Report(remote, datagram.Length, $"signed {request.Command}", answered);
            return null;
        }

        if (verified is not null && envelope.SessionToken is { } token && token.AsSpan().SequenceEqual(verified.Token))
        {
            return ReplyTo.SignedBy(verified, envelope.RequestId, counter);
        }

        var session = _sessions.Verify(envelope.SessionToken, counter, datagram.Span, out var known);
        if (session is not null)
        {
            return ReplyTo.SignedBy(session, envelope.RequestId, counter);
        }

        if (known)
        {
            Interlocked.Increment(ref _rejectedSignatures);
            _badDatagrams.Report(remote, datagram.Length, "wrong MAC for its session", answered: false);
            return null; // forged or corrupted: nothing a forger could learn from
        }

        WriteError(reply, unsigned, NotAuthenticatedReply);
        return null;
    }

    private static bool IsReplyType(ReadOnlyMemory<byte> datagram) =>
        MessageCodec.TryPeekHead(datagram, out DatagramHead head) && Requests.Of(head.Type) is null
        && Enum.IsDefined(head.Type);

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
        var started = _time.GetTimestamp();
        try
        {
            _journal.WriteAndFlush(commit);
            _metrics?.Committed(_time.GetElapsedTime(started));
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
    private bool Run(Envelope envelope, RequestInfo request, IPEndPoint remote, ReplyTo to, ArrayBufferWriter<byte> output)
    {
        var now = _time.GetUtcNow();
        var key = new ReplyKey(remote, envelope.RequestId, request.Type, envelope.Counter);
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
                _commits.Defer(envelope, remote, to);
                return false;
            }
        }

        if (to is { Signer: { } signer, Counter: { } counter } && !MayRun(signer, counter, request, remote))
        {
            return false;
        }

        LogReceived(_logger, request.Level, remote.Port, request.Command, user);
        _metrics?.Request(request.Type);
        HandlerResult result;
        try
        {
            result = Execute(envelope, request, remote, user, to, output);
        }
        catch (Exception ex)
        {
            LogRequestFailed(_logger, ex, request.Command, user);
            result = new HandlerResult(new ErrorReply(ErrorCode.Internal, "Internal tracker error; nothing was changed"), user);
        }

        if (result.NewSession is { } session)
        {
            to = ReplyTo.SignedBy(session, envelope.RequestId, 0);
        }

        if (result.Change is { } change)
        {
            _commits.Hold(key, to, result.User, change);
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
            WriteReply(output, to, reply);
        }
        catch (InvalidOperationException ex)
        {
            LogRequestFailed(_logger, ex, request.Command, result.User);
            reply = new ErrorReply(ErrorCode.Internal, "Internal tracker error: reply too large");
            WriteReply(output, to, reply);
        }

        if (output.WrittenCount == 0)
        {
            return false; // an unsigned error that would have been larger than its request
        }

        LogSent(_logger, request.Level, remote.Port, reply is ErrorReply ? "ERR" : "OK", result.User);
        if (request.IsCached)
        {
            _replies.Add(key, output.WrittenSpan.ToArray(), now);
        }

        return true;
    }

    /// <summary>
    /// Whether a signed request may run (PROTOCOL.md §5.3). A counter runs once, so a replay captured off the wire does
    /// nothing. A read is not kept in the reply cache, so its retransmission (same counter) runs again, but only from
    /// the endpoint the session's last fresh request came from: a replay from elsewhere never gets its reply (the
    /// tickets of a GetFile, say) sent to another address.
    /// </summary>
    private bool MayRun(Session session, long counter, RequestInfo request, IPEndPoint remote)
    {
        var verdict = session.Requests.TryAccept(counter);
        if (verdict == ReplayWindow.Verdict.Fresh)
        {
            session.LastEndpoint = remote;
            return true;
        }

        if (verdict == ReplayWindow.Verdict.Replayed && request.IsRead && remote.Equals(session.LastEndpoint))
        {
            return true;
        }

        LogNotRunAgain(_logger, remote.Port, request.Command, counter, verdict);
        return false;
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

        WriteReply(_completedReply, change.ReplyTo, reply);
        var bytes = _completedReply.WrittenSpan.ToArray();
        _commits.Released(change);
        _replies.Add(change.Key, bytes, _time.GetUtcNow());
        LogSent(_logger, Requests.Of(change.Key.Type)!.Level, change.Key.Remote.Port, committed ? "OK" : "ERR", change.User);
        return new OutgoingReply(change.Key.Remote, bytes);
    }

    /// <summary>Runs the changes that waited for their users' previous changes; some may be held again.</summary>
    private void RunDeferredChanges(List<OutgoingReply> replies)
    {
        foreach (var (envelope, remote, to) in _commits.TakeDeferred())
        {
            _deferredReply.ResetWrittenCount();
            if (Run(envelope, Requests.Of(envelope.Message.Type)!, remote, to, _deferredReply))
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

    /// <summary>
    /// The one place a reply envelope is encoded (PROTOCOL.md §5): signed with the session's reply key and the request's
    /// counter, or unsigned; an unsigned error is cut to the size of its request, or not written at all when even that
    /// does not fit. Throws when a reply does not fit one datagram.
    /// </summary>
    private static void WriteReply(ArrayBufferWriter<byte> output, ReplyTo to, Message reply)
    {
        output.ResetWrittenCount();
        if (reply is ErrorReply error)
        {
            WriteBoundedError(output, to, error);
            return;
        }

        Encode(output, to, reply);
        if (output.WrittenCount > ProtocolLimits.MaxDatagramBytes)
        {
            output.ResetWrittenCount();
            throw new InvalidOperationException($"{reply.Type} reply does not fit a datagram.");
        }
    }

    // No size check: the callers check against the datagram's size, or against the request's for a refusal.
    private static void Encode(ArrayBufferWriter<byte> output, ReplyTo to, Message reply) =>
        ReplyDatagram.Write(output, to, new RecordReplyBody(reply), ProtocolLimits.MaxDatagramBytes * 2);

    /// <summary>Writes an error reply; false when nothing was written (an unsigned error larger than its request).</summary>
    private static bool WriteError(ArrayBufferWriter<byte> output, ReplyTo to, ErrorReply error)
    {
        WriteReply(output, to, error);
        return output.WrittenCount > 0;
    }

    // Never amplify: a refusal goes to a source nobody checked, so it is never larger than the datagram it answers.
    private static void WriteBoundedError(ArrayBufferWriter<byte> output, ReplyTo to, ErrorReply error)
    {
        Encode(output, to, error);
        var excess = output.WrittenCount - to.MaxErrorBytes;
        if (excess <= 0)
        {
            return;
        }

        output.ResetWrittenCount();
        var keep = System.Text.Encoding.UTF8.GetByteCount(error.Text) - excess - 2; // the string header may shrink by up to 2
        Encode(output, to, error with { Text = keep <= 0 ? string.Empty : ClipBytes(error.Text, keep) });
        if (output.WrittenCount > to.MaxErrorBytes)
        {
            output.ResetWrittenCount();
        }
    }

    private static string ClipBytes(string text, int maxBytes)
    {
        var length = Math.Min(text.Length, maxBytes);
        while (length > 0 && System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > maxBytes)
        {
            length--;
        }

        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return text[..length];
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
