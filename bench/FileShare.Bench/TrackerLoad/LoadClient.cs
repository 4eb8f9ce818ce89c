using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;

namespace FileShare.Bench.TrackerLoad;

/// <summary>
/// One UDP socket of the load generator and the simulated sessions that share it. A dedicated thread receives
/// replies and matches them to pending requests by request id. Heartbeats use the session's index with the top bit
/// set as request id (heartbeats are never cached by the tracker, so the id may repeat); they get no reply unless the
/// tracker no longer knows the session.
/// </summary>
internal sealed class LoadClient : IDisposable
{
    private const uint HeartbeatFlag = 0x8000_0000;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private const int Attempts = 6;

    private readonly Socket _socket;
    private readonly ConcurrentDictionary<uint, PendingCall> _pending = new();
    private readonly List<SimSession> _sessions = [];
    private readonly Thread _receiver;
    private int _nextRequestId;

    public LoadClient(IPEndPoint tracker)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.Connect(tracker);
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "load-receive" };
        _receiver.Start();
    }

    public LoadStats Stats { get; } = new();

    /// <summary>The generator's own UDP port (for its socket's drop counter).</summary>
    public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public IReadOnlyList<SimSession> Sessions => _sessions;

    /// <summary>Mix requests still unanswered (lost or very late).</summary>
    public int MeasuredPending => _pending.Values.Count(p => p.Measured);

    public SimSession AddSession(BenchUser user, int fileServerPort)
    {
        var session = new SimSession(user, _sessions.Count, fileServerPort);
        _sessions.Add(session);
        return session;
    }

    /// <summary>The full SCRAM exchange; verifies the tracker's signature and keeps the token.</summary>
    public async Task LoginAsync(SimSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var user = session.User;
        var clientNonce = ScramSha256.NewNonce();
        var challenge = await CallAsync(null, new AuthStartRequest(user.Name, clientNonce, session.FileServerPort, PeerCapabilities.SignedSessions), cancellationToken)
            .ConfigureAwait(false) as AuthChallengeReply ?? throw new InvalidOperationException($"{user.Name}: no challenge");
        var authMessage = ScramSha256.AuthMessage(user.Name, clientNonce, challenge.CombinedNonce, challenge.Salt, challenge.Iterations);
        var proof = ScramSha256.ClientProof(user.Keys, authMessage);
        var reply = await CallAsync(null, new AuthProofRequest(challenge.CombinedNonce, proof), cancellationToken).ConfigureAwait(false);
        if (reply is not AuthSuccessReply success)
        {
            throw new InvalidOperationException($"{user.Name}: login refused ({reply})");
        }

        if (!success.ServerSignature.AsSpan().SequenceEqual(ScramSha256.ServerSignature(user.Keys.ServerKey, authMessage)))
        {
            throw new InvalidOperationException($"{user.Name}: the tracker's signature does not verify");
        }

        session.LoggedIn(success.SessionToken, SessionKeys.Derive(user.Keys.ClientKey, user.Keys.ServerKey, authMessage));
    }

    /// <summary>
    /// Sends a request and waits for its reply, retransmitting with the same id like a real peer, and sending it
    /// again after the hint (plus jitter) while the tracker answers Busy.
    /// </summary>
    public async Task<Message> CallAsync(SimSession? session, Message request, CancellationToken cancellationToken)
    {
        var id = NextRequestId();
        var datagram = session is null ? MessageCodec.Encode(new Envelope(id, null, request)) : session.Sign(id, request);
        try
        {
            while (true)
            {
                var completion = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending[id] = new PendingCall(RequestKind.Control, Stopwatch.GetTimestamp(), measured: false, completion);
                var reply = await SendUntilAnsweredAsync(datagram, completion.Task, cancellationToken).ConfigureAwait(false);
                if (reply is not ErrorReply { Code: ErrorCode.Busy } busy)
                {
                    return reply;
                }

                Stats.CountBusyControl();
                var hint = TimeSpan.FromMilliseconds(Math.Max(busy.RetryAfterMs, 50));
                await Task.Delay(hint + (hint * Random.Shared.NextDouble()), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task<Message> SendUntilAnsweredAsync(byte[] datagram, Task<Message> reply, CancellationToken cancellationToken)
    {
        var wait = FirstRetry;
        for (var attempt = 1; ; attempt++)
        {
            _socket.Send(datagram);
            try
            {
                return await reply.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException) when (attempt < Attempts)
            {
                wait *= 2;
            }
        }
    }

    private static readonly HeartbeatRequest Heartbeat = new();

    public void SendHeartbeat(SimSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Token is null)
        {
            return;
        }

        _socket.Send(session.Sign(HeartbeatFlag | (uint)session.LocalIndex, Heartbeat));
        Stats.CountHeartbeat();
    }

    /// <summary>Sends one request of the mix without waiting; the receive thread records its latency.</summary>
    public void SendMix(SimSession session, RequestKind kind, Message request, bool measured)
    {
        ArgumentNullException.ThrowIfNull(session);
        var id = NextRequestId();
        var datagram = session.Sign(id, request);
        var call = new PendingCall(kind, 0, measured, null);
        _pending[id] = call;
        call.SentTimestamp = Stopwatch.GetTimestamp();
        _socket.Send(datagram);
        if (measured)
        {
            Stats.CountMeasuredSend();
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _receiver.Join();
    }

    private uint NextRequestId() => (uint)Interlocked.Increment(ref _nextRequestId) & ~HeartbeatFlag;

    private void ReceiveLoop()
    {
        var buffer = new byte[ProtocolLimits.MaxDatagramBytes + 1];
        while (true)
        {
            int length;
            try
            {
                length = _socket.Receive(buffer);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return; // closed by Dispose
            }

            var received = Stopwatch.GetTimestamp();
            Envelope envelope;
            try
            {
                envelope = MessageCodec.Decode(buffer.AsMemory(0, length));
            }
            catch (ProtocolException)
            {
                Stats.RecordUnmatched();
                continue;
            }

            if ((envelope.RequestId & HeartbeatFlag) != 0)
            {
                Stats.RecordHeartbeatRejection();
                continue;
            }

            if (!_pending.TryGetValue(envelope.RequestId, out var call))
            {
                Stats.RecordUnmatched();
                continue;
            }

            if (call.Completion is { } completion)
            {
                completion.TrySetResult(envelope.Message); // CallAsync removes the entry
                continue;
            }

            _pending.TryRemove(envelope.RequestId, out _);

            Stats.RecordReply(call, envelope.Message, call.SentTimestamp, Stopwatch.GetElapsedTime(call.SentTimestamp, received).TotalMicroseconds);
        }
    }
}
