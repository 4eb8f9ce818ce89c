using System.Buffers;
using System.Net;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
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
/// The tracker's request handling, without sockets: takes a datagram and the address it came from and returns
/// the reply datagram, or null when nothing is to be sent. Decodes with <see cref="MessageCodec"/>, answers
/// retransmitted changes from the reply cache, checks session tokens, and applies pub/unp/ren, registrations and
/// password changes durably before replying.
/// pub/unp/ren use group commit: <see cref="Receive(ReadOnlyMemory{byte}, IPEndPoint, ArrayBufferWriter{byte})"/> writes the journal record and holds the reply;
/// <see cref="CommitHeldChanges"/> flushes every record written so far with one fsync (outside the lock, so reads and
/// heartbeats keep flowing), then applies the changes to the index and returns their replies. A change is thus
/// durable before it is visible or acknowledged. A user's next change waits until the previous one is committed.
/// One lock serialises every request and the periodic maintenance, so state is always consistent.
/// </summary>
internal sealed partial class TrackerService
{
    private const string Anonymous = "?";
    private const int MaxErrorTextBytes = 400;

    private readonly Lock _lock = new();
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
    private readonly LocalAddressResolver _localAddresses = new();
    private readonly ArrayBufferWriter<byte> _encodeBuffer = new(ProtocolLimits.MaxDatagramBytes);
    private readonly ErrorReply _busyReply;

    // Group commit: changes written to the journal whose replies wait for the next flush, the keys of those
    // requests (a retransmission is not executed twice), their users, and later changes of those users.
    private readonly HashSet<ReplyKey> _heldKeys = [];
    private readonly HashSet<string> _usersWithHeldChanges = new(StringComparer.Ordinal);
    private readonly Queue<(Envelope Envelope, IPEndPoint Remote)> _waitingForCommit = new();
    private List<HeldChange> _held = [];
    private int _heldCount;
    private bool _commitInFlight;
    private Action? _heldApply;

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
    public bool HasHeldChanges => Volatile.Read(ref _heldCount) > 0;

    /// <summary>Loads the durable state, once, before the first datagram.</summary>
    public void Open()
    {
        lock (_lock)
        {
            if (!_journal.IsOpen)
            {
                _journal.Open(_index);
            }
        }
    }

    /// <summary>Compacts and closes the journal (graceful stop). Every acknowledged change was already durable.</summary>
    public void Shutdown()
    {
        lock (_lock)
        {
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
                LogCompactionFailed(_logger, ex.Message);
            }

            _journal.Dispose();
        }
    }

    /// <summary>Periodic work: expire sessions, drop stale exchanges and replies, compact the journal when due.</summary>
    public void RunMaintenance()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            foreach (var expired in _sessions.Sweep())
            {
                LogSessionExpired(_logger, expired.UserName, expired.Silence.TotalSeconds, _options.SessionTimeout.TotalSeconds);
            }

            _authenticator.Prune(now);
            _registrar.Prune(now);
            _passwords.Prune(now);
            _replies.Prune(now);
            if (_journal.IsOpen && !_commitInFlight && !_journal.HasUncommitted && _journal.CompactionDue(_index.Count))
            {
                try
                {
                    _journal.Compact(_index);
                }
                catch (IOException ex)
                {
                    LogCompactionFailed(_logger, ex.Message);
                }
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
    /// The first look at a datagram, on the receive thread, before it waits for anything: marks the session it
    /// carries heard from (lock-free, so no request work can delay presence). Returns true when nothing more is to
    /// be done: a well-formed heartbeat of a live session. Anything else goes on to <see cref="Receive(ReadOnlyMemory{byte}, IPEndPoint, ArrayBufferWriter{byte})"/>.
    /// </summary>
    public bool OnReceipt(ReadOnlyMemory<byte> datagram)
    {
        if (MessageCodec.TryReadHeartbeat(datagram, out _, out var heartbeatToken))
        {
            return _sessions.Stamp(heartbeatToken); // an unknown or expired session gets its error on the full path
        }

        if (MessageCodec.TryPeekHead(datagram, out _, out _, out var token) && !token.IsEmpty)
        {
            _sessions.Stamp(token);
        }

        return false;
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
        if (!MessageCodec.TryPeekHead(datagram, out var type, out var requestId, out _) || !IsRequest(type) || type == MessageType.Heartbeat)
        {
            return false;
        }

        MessageCodec.Encode(new Envelope(requestId, null, _busyReply), reply);
        if (reply.WrittenCount > datagram.Length)
        {
            reply.ResetWrittenCount();
            return false;
        }

        return true;
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
    /// Handles one datagram from <paramref name="remote"/>; writes the reply datagram into <paramref name="reply"/>
    /// (emptied first) and returns true, or returns false when there is none to send now. The reply to a change
    /// is held until <see cref="CommitHeldChanges"/> returns it. The caller's buffer spares an array per reply.
    /// </summary>
    public bool Receive(ReadOnlyMemory<byte> datagram, IPEndPoint remote, ArrayBufferWriter<byte> reply)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(reply);
        reply.ResetWrittenCount();

        // The common case without decoding into objects: a live session's heartbeat gets no reply and no log line.
        // Anything else (an unknown or expired session, a malformed heartbeat) takes the full path below.
        if (MessageCodec.TryReadHeartbeat(datagram, out _, out var heartbeatToken))
        {
            lock (_lock)
            {
                if (_sessions.TryTouch(heartbeatToken, out _))
                {
                    return false;
                }
            }
        }

        Envelope envelope;
        try
        {
            envelope = MessageCodec.Decode(datagram);
        }
        catch (ProtocolException ex)
        {
            lock (_lock)
            {
                _badDatagrams.Report(remote, datagram.Length, ex.Message, ex.RequestId is not null);
                return ex.RequestId is { } id && CopyTo(reply, Encode(id, new ErrorReply(ex.Code, Clip(ex.Message))));
            }
        }

        lock (_lock)
        {
            return CopyTo(reply, HandleLocked(envelope, remote));
        }
    }

    // Under the lock: the encoded reply may live in the shared encode buffer until the next request.
    private static bool CopyTo(ArrayBufferWriter<byte> target, ReadOnlyMemory<byte> reply)
    {
        if (reply.IsEmpty)
        {
            return false;
        }

        target.Write(reply.Span);
        return true;
    }

    /// <summary>
    /// Writes and flushes the journal once for every held change (outside the lock), applies them to the index
    /// and returns their replies; then runs the changes that waited for these. If the flush fails, the changes are
    /// taken back and answered with an error.
    /// </summary>
    public IReadOnlyList<OutgoingReply> CommitHeldChanges()
    {
        List<HeldChange> batch;
        CommitBatch commit;
        lock (_lock)
        {
            if (_held.Count == 0 || _commitInFlight)
            {
                return [];
            }

            batch = _held;
            _held = [];
            commit = _journal.BeginCommit();
            _commitInFlight = true;
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

        lock (_lock)
        {
            _commitInFlight = false;
            if (failure is null)
            {
                _journal.EndCommit(commit);
            }
            else
            {
                // The rollback also takes back records written while the flush ran: fail those changes too.
                LogCommitFailed(_logger, failure.Message);
                _journal.RollBack();
                batch.AddRange(_held);
                _held.Clear();
            }

            var replies = new List<OutgoingReply>(batch.Count);
            foreach (var change in batch)
            {
                replies.Add(Complete(change, failure is null));
            }

            _usersWithHeldChanges.Clear();
            foreach (var change in _held)
            {
                _usersWithHeldChanges.Add(change.User);
            }

            Volatile.Write(ref _heldCount, _held.Count);
            RunWaitingChanges(replies);
            return replies;
        }
    }

    /// <summary>The reply (empty for none): a cached array, or the shared encode buffer's bytes until the next encode.</summary>
    private ReadOnlyMemory<byte> HandleLocked(Envelope envelope, IPEndPoint remote)
    {
        var type = envelope.Message.Type;
        if (!IsRequest(type))
        {
            // Never answer a reply: two trackers (or a spoofed source) would bounce errors forever.
            _badDatagrams.Report(remote, 0, $"{type} is a reply, not a request", answered: false);
            return ReadOnlyMemory<byte>.Empty;
        }

        var now = _time.GetUtcNow();
        var cacheable = IsCached(type);
        var key = new ReplyKey(remote, envelope.RequestId, type);
        if (cacheable && _replies.TryGet(key, now, out var cached))
        {
            LogRetransmission(_logger, remote.Port, CommandName(type), envelope.RequestId);
            return cached;
        }

        var user = PeekUser(envelope);
        if (IsChange(type))
        {
            if (_heldKeys.Contains(key))
            {
                LogRetransmissionOfHeld(_logger, remote.Port, CommandName(type), envelope.RequestId);
                return ReadOnlyMemory<byte>.Empty; // its reply goes out with the commit it waits for
            }

            if (_usersWithHeldChanges.Contains(user))
            {
                // Checked against the index, a change must see the user's previous change applied.
                _waitingForCommit.Enqueue((envelope, remote));
                return ReadOnlyMemory<byte>.Empty;
            }
        }

        var level = LevelOf(type);
        LogReceived(_logger, level, remote.Port, CommandName(type), user);
        Message? reply;
        _heldApply = null;
        try
        {
            reply = Execute(envelope, remote, ref user);
        }
        catch (Exception ex)
        {
            LogRequestFailed(_logger, ex, CommandName(type), user);
            reply = new ErrorReply(ErrorCode.Internal, "Internal tracker error; nothing was changed");
            _heldApply = null;
        }

        if (_heldApply is { } apply)
        {
            _heldApply = null;
            _held.Add(new HeldChange(key, user, apply));
            _heldKeys.Add(key);
            _usersWithHeldChanges.Add(user);
            Volatile.Write(ref _heldCount, _held.Count);
            return ReadOnlyMemory<byte>.Empty;
        }

        if (reply is null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        ReadOnlyMemory<byte> bytes;
        try
        {
            bytes = Encode(envelope.RequestId, reply);
        }
        catch (InvalidOperationException ex)
        {
            LogRequestFailed(_logger, ex, CommandName(type), user);
            reply = new ErrorReply(ErrorCode.Internal, "Internal tracker error: reply too large");
            bytes = Encode(envelope.RequestId, reply);
        }

        LogSent(_logger, level, remote.Port, reply is ErrorReply ? "ERR" : "OK", user);
        if (cacheable)
        {
            var copy = bytes.ToArray();
            _replies.Add(key, copy, now);
            return copy;
        }

        return bytes;
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

    private Message? Execute(Envelope envelope, IPEndPoint remote, ref string user)
    {
        switch (envelope.Message)
        {
            case DiscoveryProbe:
                return new DiscoveryAnswer(_options.Name, ListeningPort);
            case AuthStartRequest start:
                user = start.UserName;
                return _authenticator.Start(start, ClientAddress(remote));
            case AuthProofRequest proof:
                return FinishLogin(proof, remote, ref user);
            case RegisterStartRequest start:
                user = start.UserName;
                return _registrar.Start(start, remote);
            case RegisterFinishRequest finish:
                user = finish.UserName;
                return _registrar.Finish(finish, remote);
        }

        if (envelope.SessionToken is null || !_sessions.TryTouch(envelope.SessionToken, out var session))
        {
            return new ErrorReply(ErrorCode.NotAuthenticated, "Not logged in or session expired");
        }

        user = session.UserName;
        return envelope.Message switch
        {
            HeartbeatRequest => null,
            LeaveRequest => Leave(session),
            PublishRequest publish => Publish(session, publish),
            UnpublishRequest unpublish => Unpublish(session, unpublish),
            ListMyFilesRequest list => ReplyPaging.NamePage(_index.OwnNamesAfter(session.UserName, list.After)),
            ListActivePeersRequest list => ReplyPaging.NamePage(_sessions.ActiveUsersAfter(list.After, session.UserName)),
            ListPeerAddressesRequest list => ReplyPaging.PeerPage(PeerEntries(session, list.After)),
            SearchRequest search => ReplyPaging.NamePage(_index.Search(search.Text, session.UserName, search.After, _sessions)),
            GetFileRequest get => GetFile(session, get),
            RenameRequest rename => Rename(session, rename),
            ChangePasswordStartRequest => _passwords.Start(session, ClientAddress(remote)),
            ChangePasswordFinishRequest change => _passwords.Finish(session, change, ClientAddress(remote)),
            _ => new ErrorReply(ErrorCode.UnknownMessageType, $"{envelope.Message.Type} is not a request this tracker handles"),
        };
    }

    private Message FinishLogin(AuthProofRequest proof, IPEndPoint remote, ref string user)
    {
        var address = ClientAddress(remote);
        var outcome = _authenticator.Finish(proof, address, _sessions.IsActive);
        user = outcome.UserName ?? Anonymous;
        if (!outcome.Succeeded)
        {
            return outcome.Error!;
        }

        var addressText = address.ToString();
        var session = _sessions.Start(outcome.UserName!, addressText, outcome.FileServerPort);
        LogLoggedIn(_logger, session.UserName, addressText, session.FileServerPort);
        return new AuthSuccessReply(
            outcome.ServerSignature!,
            session.Token,
            session.TicketKey,
            (int)_options.HeartbeatInterval.TotalMilliseconds,
            (int)_options.SessionTimeout.TotalMilliseconds,
            addressText);
    }

    private OkReply Leave(Session session)
    {
        _sessions.End(session);
        LogLeft(_logger, session.UserName);
        return new OkReply();
    }

    private Message Publish(Session session, PublishRequest request)
    {
        if (NameRules.CheckFileName(request.Name) is { } error)
        {
            return new ErrorReply(ErrorCode.InvalidName, error);
        }

        if (!_index.IsUnchanged(session.UserName, request.Name, request.Size, request.Sha256))
        {
            var publication = new Publication(session.UserName, request.Name, request.Size, request.Sha256);
            _journal.AppendPublish(publication); // durable before it is visible or acknowledged: applied at commit
            _heldApply = () => _index.Publish(publication);
        }

        return new OkReply();
    }

    private Message Unpublish(Session session, UnpublishRequest request)
    {
        if (NameRules.CheckFileName(request.Name) is { } error)
        {
            return new ErrorReply(ErrorCode.InvalidName, error);
        }

        if (!_index.TryGet(session.UserName, request.Name, out _))
        {
            return new ErrorReply(ErrorCode.NotPublished, Clip($"You have not published '{request.Name}'"));
        }

        _journal.AppendUnpublish(session.UserName, request.Name);
        _heldApply = () => _index.Unpublish(session.UserName, request.Name);
        return new OkReply();
    }

    private Message Rename(Session session, RenameRequest request)
    {
        if (NameRules.CheckFileName(request.OldName) is { } oldError)
        {
            return new ErrorReply(ErrorCode.InvalidName, oldError);
        }

        if (NameRules.CheckFileName(request.NewName) is { } newError)
        {
            return new ErrorReply(ErrorCode.InvalidName, newError);
        }

        if (!_index.TryGet(session.UserName, request.OldName, out _))
        {
            return new ErrorReply(ErrorCode.NotPublished, Clip($"You have not published '{request.OldName}'"));
        }

        if (_index.TryGet(session.UserName, request.NewName, out _))
        {
            return new ErrorReply(ErrorCode.AlreadyExists, Clip($"You already publish '{request.NewName}'"));
        }

        _journal.AppendRename(session.UserName, request.OldName, request.NewName); // durable before it is visible or acknowledged
        var user = session.UserName;
        _heldApply = () =>
        {
            _index.Rename(user, request.OldName, request.NewName);
            LogRenamed(_logger, user, request.OldName, request.NewName);
        };
        return new OkReply();
    }

    private Message GetFile(Session requester, GetFileRequest request)
    {
        if (NameRules.CheckFileName(request.Name) is { } error)
        {
            return new ErrorReply(ErrorCode.InvalidName, error);
        }

        var expires = _time.GetUtcNow().ToUnixTimeMilliseconds() + (long)_options.TicketLifetime.TotalMilliseconds;
        var page = ReplyPaging.CandidatePage(Candidates(requester, request, expires));
        if (page.Candidates.Count == 0 && request.After is null)
        {
            return new ErrorReply(ErrorCode.NotFound, "File not found");
        }

        return page;
    }

    private IEnumerable<FileCandidate> Candidates(Session requester, GetFileRequest request, long expires)
    {
        foreach (var publication in _index.ActivePublishersAfter(request.Name, requester.UserName, request.After, _sessions))
        {
            if (!_sessions.TryGetActive(publication.Owner, out var publisher) || AddressFor(publisher, requester) is not { } address)
            {
                continue;
            }

            var ticket = DownloadTicket.Compute(publisher.TicketKey, requester.UserName, publication.Name, publication.Sha256, expires);
            yield return new FileCandidate(
                publication.Owner, address, publisher.FileServerPort, publication.Size, publication.Sha256, expires, ticket);
        }
    }

    private IEnumerable<PeerEntry> PeerEntries(Session requester, string? after)
    {
        foreach (var user in _sessions.ActiveUsersAfter(after, requester.UserName))
        {
            if (_sessions.TryGetActive(user, out var peer) && AddressFor(peer, requester) is { } address)
            {
                yield return new PeerEntry(user, address, peer.FileServerPort);
            }
        }
    }

    /// <summary>
    /// The address to hand <paramref name="requester"/> for <paramref name="peer"/>: the one the tracker saw, except
    /// that a loopback address (a peer on the tracker's own host) is never handed to another host; that host gets
    /// this host's address facing it instead, or nothing when there is none.
    /// </summary>
    private string? AddressFor(Session peer, Session requester)
    {
        if (!peer.IsLoopback || requester.ParsedAddress is not { } requesterAddress || requester.IsLoopback)
        {
            return peer.Address;
        }

        return _localAddresses.Facing(requesterAddress)?.ToString();
    }

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

        var bytes = Encode(change.Key.RequestId, reply).ToArray();
        _heldKeys.Remove(change.Key);
        _replies.Add(change.Key, bytes, _time.GetUtcNow());
        LogSent(_logger, LevelOf(change.Key.Type), change.Key.Remote.Port, committed ? "OK" : "ERR", change.User);
        return new OutgoingReply(change.Key.Remote, bytes);
    }

    /// <summary>Runs the changes that waited for their users' previous changes; some may be held again.</summary>
    private void RunWaitingChanges(List<OutgoingReply> replies)
    {
        for (var n = _waitingForCommit.Count; n > 0; n--)
        {
            var (envelope, remote) = _waitingForCommit.Dequeue();
            var reply = HandleLocked(envelope, remote);
            if (!reply.IsEmpty)
            {
                replies.Add(new OutgoingReply(remote, reply.ToArray()));
            }
        }
    }

    /// <summary>At shutdown: make held changes durable and apply them (their replies can no longer be sent).</summary>
    private void SettleHeldChangesAtShutdown()
    {
        if (_held.Count == 0 || _commitInFlight)
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
            LogCommitFailed(_logger, ex.Message);
            committed = false;
        }

        foreach (var change in _held)
        {
            Complete(change, committed);
        }

        _held.Clear();
        _usersWithHeldChanges.Clear();
        _waitingForCommit.Clear();
        Volatile.Write(ref _heldCount, 0);
    }

    /// <summary>Requests that change durable publications: their replies wait for the journal flush.</summary>
    private static bool IsChange(MessageType type) => type is MessageType.Publish or MessageType.Unpublish or MessageType.Rename;

    /// <summary>
    /// The frequent requests that change nothing (heartbeats, discovery, sch, get, lap, lpf): idempotent, so a
    /// retransmission simply runs again, and too frequent to log at Information.
    /// </summary>
    private static bool IsRead(MessageType type) => type is MessageType.Heartbeat or MessageType.DiscoveryProbe
        or MessageType.Search or MessageType.GetFile or MessageType.ListActivePeers or MessageType.ListPeerAddresses
        or MessageType.ListMyFiles;

    /// <summary>
    /// Replies kept for retransmissions: those of requests that must not run twice. Reads are not kept, which keeps
    /// the cache small at high request rates.
    /// </summary>
    private static bool IsCached(MessageType type) => !IsRead(type);

    /// <summary>Per-request log lines: state changes at Information (the classic log), reads at Debug.</summary>
    private static LogLevel LevelOf(MessageType type) => IsRead(type) ? LogLevel.Debug : LogLevel.Information;

    /// <summary>Encodes into the shared buffer: the bytes are valid until the next call (under the lock).</summary>
    private ReadOnlyMemory<byte> Encode(uint requestId, Message reply)
    {
        _encodeBuffer.ResetWrittenCount();
        MessageCodec.Encode(new Envelope(requestId, null, reply), _encodeBuffer);
        if (_encodeBuffer.WrittenCount > ProtocolLimits.MaxDatagramBytes)
        {
            throw new InvalidOperationException($"{reply.Type} reply of {_encodeBuffer.WrittenCount} bytes does not fit a datagram.");
        }

        return _encodeBuffer.WrittenMemory;
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

    private static bool IsRequest(MessageType type) => type is
        MessageType.DiscoveryProbe or MessageType.AuthStart or MessageType.AuthProof or MessageType.Heartbeat or MessageType.Leave
        or MessageType.Publish or MessageType.Unpublish or MessageType.ListMyFiles or MessageType.ListActivePeers
        or MessageType.ListPeerAddresses or MessageType.Search
        or MessageType.GetFile or MessageType.Rename or MessageType.RegisterStart or MessageType.RegisterFinish
        or MessageType.ChangePasswordStart or MessageType.ChangePasswordFinish;

    /// <summary>The classic command names used in the log.</summary>
    internal static string CommandName(MessageType type) => type switch
    {
        MessageType.DiscoveryProbe => "DSC",
        MessageType.AuthStart or MessageType.AuthProof => "AUTH",
        MessageType.Heartbeat => "HBT",
        MessageType.Leave => "XIT",
        MessageType.Publish => "PUB",
        MessageType.Unpublish => "UNP",
        MessageType.ListMyFiles => "LPF",
        MessageType.ListActivePeers or MessageType.ListPeerAddresses => "LAP",
        MessageType.Search => "SCH",
        MessageType.GetFile => "GET",
        MessageType.Rename => "REN",
        MessageType.RegisterStart or MessageType.RegisterFinish => "REG",
        MessageType.ChangePasswordStart or MessageType.ChangePasswordFinish => "PWD",
        _ => type.ToString().ToUpperInvariant(),
    };

    [LoggerMessage(Message = "{ClientPort}: Received {Command} from {User}")]
    private static partial void LogReceived(ILogger logger, LogLevel level, int clientPort, string command, string user);

    [LoggerMessage(Message = "{ClientPort}: Sent {Result} to {User}")]
    private static partial void LogSent(ILogger logger, LogLevel level, int clientPort, string result, string user);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{ClientPort}: Retransmitted {Command} (request {RequestId}) answered from the reply cache")]
    private static partial void LogRetransmission(ILogger logger, int clientPort, string command, uint requestId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{ClientPort}: Retransmitted {Command} (request {RequestId}) waits for the journal flush")]
    private static partial void LogRetransmissionOfHeld(ILogger logger, int clientPort, string command, uint requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal flush failed; the changes it covered were refused: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} logged in from {Address}, file server port {Port}")]
    private static partial void LogLoggedIn(ILogger logger, string user, string address, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} renamed {OldName} to {NewName}")]
    private static partial void LogRenamed(ILogger logger, string user, string oldName, string newName);

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} left")]
    private static partial void LogLeft(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} timed out (not heard from for {Silence:0.0} s, more than {Seconds} s)")]
    private static partial void LogSessionExpired(ILogger logger, string user, double silence, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Command} from {User} failed")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, string command, string user);

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal compaction failed (will retry): {Reason}")]
    private static partial void LogCompactionFailed(ILogger logger, string reason);
}
