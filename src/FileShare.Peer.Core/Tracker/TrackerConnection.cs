using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace FileShare.Peer.Core.Tracker;

/// <summary>
/// Reliable request/reply over one UDP socket to the tracker: request ids, retransmission with
/// exponential backoff, and routing of replies to the request that is waiting for them.
/// </summary>
internal sealed partial class TrackerConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _tracker;
    private readonly PeerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<Message>> _pending = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _receiveLoop;
    private int _nextRequestId;
    private long _lastReplyTimestamp;

    public TrackerConnection(IPEndPoint tracker, PeerOptions options, TimeProvider time, ILogger<TrackerConnection> logger)
    {
        _tracker = tracker.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(tracker.Address.MapToIPv4(), tracker.Port) : tracker;
        _options = options;
        _time = time;
        _logger = logger;
        _socket = new Socket(_tracker.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(_tracker.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        _nextRequestId = RandomNumberGenerator.GetInt32(int.MaxValue);
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(_stopping.Token));
    }

    /// <summary>Raised for a reply no request is waiting for (e.g. the tracker rejecting a heartbeat).</summary>
    public event Action<Envelope>? UnsolicitedReply;

    /// <summary>The tracker's address.</summary>
    public IPEndPoint Tracker => _tracker;

    /// <summary>Round-trip time of the last answered request.</summary>
    public TimeSpan LastRoundTrip { get; private set; }

    /// <summary>When the tracker was last heard from (timestamp of <see cref="TimeProvider.GetTimestamp"/>), or 0.</summary>
    public long LastReplyTimestamp => Interlocked.Read(ref _lastReplyTimestamp);

    /// <summary>
    /// Sends <paramref name="message"/> and waits for the reply carrying its request id, sending the same
    /// datagram again (same id) after each timeout, which doubles every time.
    /// </summary>
    /// <exception cref="TrackerUnavailableException">No reply after every attempt.</exception>
    public async Task<Message> RequestAsync(Message message, byte[]? sessionToken, CancellationToken cancellationToken)
    {
        var id = NextRequestId();
        var datagram = MessageCodec.Encode(new Envelope(id, sessionToken, message));
        var reply = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            var timeout = _options.RequestTimeout;
            var started = _time.GetTimestamp();
            for (var attempt = 1; attempt <= _options.RequestAttempts; attempt++)
            {
                await _socket.SendToAsync(datagram, SocketFlags.None, _tracker, cancellationToken).ConfigureAwait(false);
                try
                {
                    var answer = await reply.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
                    LastRoundTrip = _time.GetElapsedTime(started);
                    return answer;
                }
                catch (TimeoutException)
                {
                    LogRetransmit(message.Type, id, attempt);
                    timeout *= 2;
                }
            }

            throw new TrackerUnavailableException();
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Sends a message that expects no reply (heartbeat) and returns its request id. A reply, if any, is raised as unsolicited.</summary>
    public async Task<uint> SendAsync(Message message, byte[]? sessionToken, CancellationToken cancellationToken)
    {
        var id = NextRequestId();
        var datagram = MessageCodec.Encode(new Envelope(id, sessionToken, message));
        await _socket.SendToAsync(datagram, SocketFlags.None, _tracker, cancellationToken).ConfigureAwait(false);
        return id;
    }

    private uint NextRequestId() => unchecked((uint)Interlocked.Increment(ref _nextRequestId));

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[ProtocolLimits.MaxDatagramBytes + 1];
        EndPoint any = new IPEndPoint(_tracker.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
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
            try
            {
                envelope = MessageCodec.Decode(buffer.AsMemory(0, received.ReceivedBytes));
            }
            catch (ProtocolException ex)
            {
                LogBadReply(ex.Message);
                continue;
            }

            Interlocked.Exchange(ref _lastReplyTimestamp, _time.GetTimestamp());
            if (_pending.TryRemove(envelope.RequestId, out var waiting))
            {
                waiting.TrySetResult(envelope.Message);
            }
            else if (fromTracker)
            {
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
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
        foreach (var waiting in _pending.Values)
        {
            waiting.TrySetCanceled();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "No reply to {Type} #{RequestId} (attempt {Attempt}); sending again")]
    private partial void LogRetransmit(MessageType type, uint requestId, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Receive error from tracker socket: {Error}")]
    private partial void LogReceiveError(SocketError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed reply from the tracker: {Reason}")]
    private partial void LogBadReply(string reason);
}
