using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FileShare.Peer.Core.Tracker;

/// <summary>
/// Reliable request/reply over one UDP socket to the tracker: request ids, retransmission with
/// exponential backoff, waiting out Busy answers, and routing of replies to the request that is waiting for them.
/// </summary>
/// <remarks>
/// The constructor does no I/O: the socket is bound and the receive loop started by <see cref="Start"/>, which the
/// host calls at start-up (this is a hosted service) and which the first request calls too if nobody did.
/// </remarks>
internal sealed partial class TrackerConnection : IHostedService, IAsyncDisposable
{
    /// <summary>The wait after a Busy answer that gave no (or a zero) RetryAfterMs.</summary>
    public static readonly TimeSpan DefaultBusyRetryAfter = TimeSpan.FromMilliseconds(250);

    private readonly IPEndPoint _tracker;
    private readonly PeerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<uint, PendingRequest> _pending = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _startLock = new();
    private Socket? _socket;
    private Task _receiveLoop = Task.CompletedTask;
    private bool _disposed;
    private int _nextRequestId;
    private long _lastReplyTimestamp;
    private int _requestsWaitingOnBusy;

    public TrackerConnection(IPEndPoint tracker, PeerOptions options, TimeProvider time, ILogger<TrackerConnection> logger)
    {
        _tracker = tracker.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(tracker.Address.MapToIPv4(), tracker.Port) : tracker;
        _options = options;
        _time = time;
        _logger = logger;
        _nextRequestId = RandomNumberGenerator.GetInt32(int.MaxValue);
    }

    /// <summary>Raised for a reply no request is waiting for (e.g. the tracker rejecting a heartbeat).</summary>
    public event Action<Envelope>? UnsolicitedReply;

    /// <summary>
    /// Raised on every Busy answer, once the wait before the retry is scheduled (on the thread of the request).
    /// A request that keeps getting Busy raises it each time; <see cref="TrackerBusyNotice.BusyReplies"/> counts them.
    /// </summary>
    public event Action<TrackerBusyNotice>? BusyRetrying;

    /// <summary>The tracker's address.</summary>
    public IPEndPoint Tracker => _tracker;

    /// <summary>The local address of the socket, or null before <see cref="Start"/>.</summary>
    public EndPoint? LocalEndPoint => Volatile.Read(ref _socket)?.LocalEndPoint;

    /// <summary>Round-trip time of the last answered request.</summary>
    public TimeSpan LastRoundTrip { get; private set; }

    /// <summary>When the tracker was last heard from (timestamp of <see cref="TimeProvider.GetTimestamp"/>), or 0.</summary>
    public long LastReplyTimestamp => Interlocked.Read(ref _lastReplyTimestamp);

    /// <summary>True while at least one request has been answered Busy and has not had its real answer yet.</summary>
    public bool IsWaitingOnBusy => Volatile.Read(ref _requestsWaitingOnBusy) > 0;

    /// <summary>Binds the socket and starts receiving. Safe to call more than once and from several threads.</summary>
    /// <exception cref="SocketException">No local UDP port could be bound.</exception>
    /// <exception cref="ObjectDisposedException">Called after disposal.</exception>
    public void Start() => EnsureStarted();

    /// <inheritdoc/>
    Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        Start();
        return Task.CompletedTask;
    }

    // The socket stays open until disposal: the leave at exit and late replies still need it after the host stops.
    /// <inheritdoc/>
    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Sends <paramref name="message"/> and waits for the reply carrying its request id, sending the same
    /// datagram again (same id) after each timeout, which doubles every time. A Busy answer is not a result: the same
    /// datagram is sent again after the tracker's RetryAfterMs plus jitter, with a fresh retransmission budget, until
    /// a real answer comes or <see cref="PeerOptions.BusyRetryLimit"/> has passed.
    /// </summary>
    /// <exception cref="TrackerUnavailableException">No reply after every attempt.</exception>
    /// <exception cref="TrackerBusyException">Busy answers for longer than the limit.</exception>
    public async Task<Message> RequestAsync(Message message, SessionSigner? signer, CancellationToken cancellationToken) =>
        (await RequestEnvelopeAsync(message, signer, ReplyCheck.None, cancellationToken).ConfigureAwait(false)).Message;

    /// <summary>
    /// Like <see cref="RequestAsync"/>, but returns the whole reply envelope, and a request sent without a session can
    /// say which signed reply it expects (<paramref name="expected"/>; a login's proof).
    /// </summary>
    public async Task<Envelope> RequestEnvelopeAsync(Message message, SessionSigner? signer, ReplyCheck expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var socket = EnsureStarted();
        var id = NextRequestId();
        byte[] datagram;
        ReplyCheck check;
        if (signer is null)
        {
            datagram = MessageCodec.Encode(new Envelope(id, null, message));
            check = expected;
        }
        else
        {
            var counter = signer.NextCounter();
            datagram = MessageCodec.EncodeSigned(new Envelope(id, signer.Token, message) { Counter = counter }, signer.Keys.RequestKey);
            check = new ReplyCheck(signer.Keys.ReplyKey, counter, Signed: true);
        }

        long? busySince = null;
        var busyReplies = 0;
        try
        {
            while (true)
            {
                var answer = await ExchangeAsync(socket, datagram, message.Type, id, check, cancellationToken).ConfigureAwait(false);
                if (answer.Message is not ErrorReply { Code: ErrorCode.Busy } busy)
                {
                    return answer;
                }

                busyReplies++;
                if (busySince is null)
                {
                    busySince = _time.GetTimestamp();
                    Interlocked.Increment(ref _requestsWaitingOnBusy);
                }

                var left = _options.BusyRetryLimit - _time.GetElapsedTime(busySince.Value);
                if (left <= TimeSpan.Zero)
                {
                    LogBusyGaveUp(message.Type, id, busyReplies);
                    throw new TrackerBusyException();
                }

                // Never wait past the limit: the last try goes out when it runs out, not after it.
                var delay = BusyDelay(busy.RetryAfterMs);
                if (delay > left)
                {
                    delay = left;
                }

                LogBusy(message.Type, id, busy.RetryAfterMs, (int)delay.TotalMilliseconds);
                await WaitOutBusyAsync(new TrackerBusyNotice(message.Type, id, delay, busyReplies), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
            if (busySince is not null)
            {
                Interlocked.Decrement(ref _requestsWaitingOnBusy);
            }
        }
    }

    /// <summary>Sends a message that expects no reply (heartbeat) and returns its request id. A reply, if any, is raised as unsolicited.</summary>
    public async Task<uint> SendAsync(Message message, SessionSigner signer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var socket = EnsureStarted();
        var id = NextRequestId();
        var datagram = MessageCodec.EncodeSigned(new Envelope(id, signer.Token, message) { Counter = signer.NextCounter() }, signer.Keys.RequestKey);
        await socket.SendToAsync(datagram, SocketFlags.None, _tracker, cancellationToken).ConfigureAwait(false);
        return id;
    }

    // One round of send and retransmit with the full budget. The slot is new each round: the receive loop removes the
    // slot it completes, so after a Busy answer the id has none until the retry arms it again.
    private async Task<Envelope> ExchangeAsync(Socket socket, byte[] datagram, MessageType type, uint id, ReplyCheck check, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<Envelope>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = new PendingRequest(reply, check);
        var timeout = _options.RequestTimeout;
        var started = _time.GetTimestamp();
        for (var attempt = 1; attempt <= _options.RequestAttempts; attempt++)
        {
            await socket.SendToAsync(datagram, SocketFlags.None, _tracker, cancellationToken).ConfigureAwait(false);
            try
            {
                var answer = await reply.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
                LastRoundTrip = _time.GetElapsedTime(started);
                return answer;
            }
            catch (TimeoutException)
            {
                LogRetransmit(type, id, attempt);
                timeout *= 2;
            }
        }

        throw new TrackerUnavailableException();
    }

    private async Task WaitOutBusyAsync(TrackerBusyNotice notice, CancellationToken cancellationToken)
    {
        // Disposal ends the wait too, as it cancels every request waiting for a reply.
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var wait = Task.Delay(notice.RetryIn, _time, wake.Token);

        // Raised once the timer exists, so a listener that moves a fake clock on cannot move it too early.
        BusyRetrying?.Invoke(notice);
        await wait.ConfigureAwait(false);
    }

    // RetryAfterMs (capped; a sensible default when absent) plus a random jitter of up to as much again, so the
    // peers refused together do not all come back together.
    private static TimeSpan BusyDelay(int retryAfterMs)
    {
        var hint = retryAfterMs > 0
            ? Math.Min(retryAfterMs, ProtocolLimits.MaxRetryAfterMs)
            : (int)DefaultBusyRetryAfter.TotalMilliseconds;
        return TimeSpan.FromMilliseconds(hint + RandomNumberGenerator.GetInt32(hint + 1));
    }

    private uint NextRequestId() => unchecked((uint)Interlocked.Increment(ref _nextRequestId));

    private Socket EnsureStarted()
    {
        if (Volatile.Read(ref _socket) is { } started)
        {
            return started;
        }

        lock (_startLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_socket is { } raced)
            {
                return raced;
            }

            var socket = new Socket(_tracker.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(_tracker.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            _receiveLoop = Task.Run(() => ReceiveLoopAsync(socket, _stopping.Token), CancellationToken.None);
            Volatile.Write(ref _socket, socket);
            LogStarted(socket.LocalEndPoint, _tracker);
            return socket;
        }
    }

    private async Task ReceiveLoopAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[ProtocolLimits.MaxDatagramBytes + 1];
        EndPoint any = new IPEndPoint(_tracker.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // ICMP port unreachable surfaces here on Linux when the tracker is down; retransmission handles it.
                LogReceiveError(ex.SocketErrorCode);
                continue;
            }

            // A tracker bound to a wildcard address may answer from another of its addresses (a secondary
            // address, another interface), so replies are matched by port and request id, not by source address.
            var fromTracker = IsFromTracker(received.RemoteEndPoint, exactAddress: true);
            if (!fromTracker && !IsFromTracker(received.RemoteEndPoint, exactAddress: false))
            {
                continue;
            }

            Envelope envelope;
            var datagram = buffer.AsMemory(0, received.ReceivedBytes);
            try
            {
                envelope = MessageCodec.Decode(datagram);
            }
            catch (ProtocolException ex)
            {
                LogBadReply(ex.Message);
                continue;
            }

            if (_pending.TryGetValue(envelope.RequestId, out var waiting))
            {
                if (!waiting.Check.Accepts(envelope, datagram.Span))
                {
                    LogUnauthenticReply(envelope.Message.Type, envelope.RequestId);
                    continue; // forged, corrupted or of another session: as if lost, so retransmission covers it
                }

                Interlocked.Exchange(ref _lastReplyTimestamp, _time.GetTimestamp());
                if (_pending.TryRemove(KeyValuePair.Create(envelope.RequestId, waiting)))
                {
                    waiting.Reply.TrySetResult(envelope);
                }
            }
            else if (fromTracker)
            {
                Interlocked.Exchange(ref _lastReplyTimestamp, _time.GetTimestamp());
                UnsolicitedReply?.Invoke(envelope);
            }
        }
    }

    private bool IsFromTracker(EndPoint remote, bool exactAddress)
    {
        if (remote is not IPEndPoint ip || ip.Port != _tracker.Port)
        {
            return false;
        }

        var address = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
        return !exactAddress || address.Equals(_tracker.Address);
    }

    public async ValueTask DisposeAsync()
    {
        Socket? socket;
        Task receiveLoop;
        lock (_startLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            socket = _socket;
            receiveLoop = _receiveLoop;

            // Later starts and requests take the locked path and see the disposal.
            Volatile.Write(ref _socket, null);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        socket?.Dispose();
        try
        {
            await receiveLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
        foreach (var waiting in _pending.Values)
        {
            waiting.Reply.TrySetCanceled();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "No reply to {Type} #{RequestId} (attempt {Attempt}); sending again")]
    private partial void LogRetransmit(MessageType type, uint requestId, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Receive error from tracker socket: {Error}")]
    private partial void LogReceiveError(SocketError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed reply from the tracker: {Reason}")]
    private partial void LogBadReply(string reason);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning,
        Message = "Ignored a reply to {Type} #{RequestId} that is not signed by our session (forged, corrupted, or of an older login)")]
    private partial void LogUnauthenticReply(MessageType type, uint requestId);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Tracker socket bound to {Local} for {Tracker}")]
    private partial void LogStarted(EndPoint? local, IPEndPoint tracker);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information,
        Message = "Tracker busy for {Type} #{RequestId} (asked for {RetryAfterMs} ms); sending again in {DelayMs} ms")]
    private partial void LogBusy(MessageType type, uint requestId, int retryAfterMs, int delayMs);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning,
        Message = "Tracker still busy for {Type} #{RequestId} after {BusyReplies} Busy answers; giving up")]
    private partial void LogBusyGaveUp(MessageType type, uint requestId, int busyReplies);
}
