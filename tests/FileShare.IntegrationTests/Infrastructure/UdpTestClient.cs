using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;

namespace FileShare.IntegrationTests.Infrastructure;

/// <summary>
/// A minimal protocol client for tests, on a UDP socket bound to 127.0.0.1:0. It sends envelopes to the tracker,
/// matches replies to requests by request id, retransmits unanswered requests with the same id (as real peers
/// do), and can run the full SCRAM-SHA-256 login. Replies nobody waits for (duplicates, unsolicited errors)
/// are kept for <see cref="ReceiveUnmatchedAsync"/>.
/// </summary>
internal sealed class UdpTestClient : IAsyncDisposable
{
    /// <summary>How long a request waits for its reply unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long before an unanswered request is sent again (same id).</summary>
    public static readonly TimeSpan RetransmitInterval = TimeSpan.FromMilliseconds(500);

    private readonly Socket _socket;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<Envelope>> _pending = new();
    private readonly Channel<Envelope> _unmatched = Channel.CreateUnbounded<Envelope>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private int _nextRequestId;
    private long _counter;

    /// <summary>Creates a client that talks to <paramref name="tracker"/> (a loopback endpoint).</summary>
    public UdpTestClient(IPEndPoint tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        Tracker = tracker;
        _socket = new Socket(tracker.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(tracker.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
        _nextRequestId = Random.Shared.Next(1, 1_000_000);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Creates a client for a tracker listening on 127.0.0.1:<paramref name="port"/>.</summary>
    public UdpTestClient(int port)
        : this(new IPEndPoint(IPAddress.Loopback, port))
    {
    }

    /// <summary>The tracker this client talks to.</summary>
    public IPEndPoint Tracker { get; }

    /// <summary>The client's own endpoint (the tracker sees this as the source).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>The session token attached by <see cref="RequestAsync(Message, TimeSpan?, CancellationToken)"/>; set by a successful login.</summary>
    public byte[]? SessionToken { get; set; }

    /// <summary>The reply of the last successful login, with the ticket key unmasked.</summary>
    public AuthSuccessReply? Session { get; private set; }

    /// <summary>The keys of the last successful login: requests with the session token are signed with them.</summary>
    public SessionKeys? Keys { get; private set; }

    /// <summary>Signed replies whose MAC did not verify (dropped, as a peer drops them).</summary>
    public int ForgedReplies => Volatile.Read(ref _forgedReplies);

    private int _forgedReplies;

    private static readonly SessionKeys UnknownKeys = SessionKeys.Derive(new byte[32], new byte[32], "no login");

    /// <summary>
    /// The datagram a peer sends for <paramref name="envelope"/>: signed with the session's keys and the next counter
    /// when it carries the session token and belongs to a session, else as given.
    /// </summary>
    public byte[] Datagram(Envelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Counter is null && envelope.SessionToken is not null && BelongsToSession(envelope.Message.Type))
        {
            // A token this client did not log in for is signed with keys no tracker has: an unknown session.
            var keys = Keys is not null && SessionToken is not null && envelope.SessionToken.AsSpan().SequenceEqual(SessionToken) ? Keys : UnknownKeys;
            return MessageCodec.EncodeSigned(envelope with { Counter = Interlocked.Increment(ref _counter) }, keys.RequestKey);
        }

        return envelope.IsSigned ? throw new ArgumentException("Pass signed envelopes as raw bytes.", nameof(envelope)) : MessageCodec.Encode(envelope);
    }

    private static bool BelongsToSession(MessageType type) => type is not (MessageType.DiscoveryProbe or MessageType.AuthStart
        or MessageType.AuthProof or MessageType.RegisterStart or MessageType.RegisterFinish);

    /// <summary>A fresh request id.</summary>
    public uint NextRequestId() => (uint)Interlocked.Increment(ref _nextRequestId);

    /// <summary>
    /// Sends <paramref name="envelope"/> exactly as given and returns the reply with the same request id.
    /// Retransmits every <see cref="RetransmitInterval"/>; throws <see cref="TimeoutException"/> after the timeout.
    /// </summary>
    public async Task<Envelope> SendAsync(Envelope envelope, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        await SendAsync(envelope, Datagram(envelope), timeout, cancellationToken).ConfigureAwait(false);

    /// <summary>Sends <paramref name="datagram"/> (the encoding of <paramref name="envelope"/>) like <see cref="SendAsync(Envelope, TimeSpan?, CancellationToken)"/>.</summary>
    public async Task<Envelope> SendAsync(Envelope envelope, byte[] datagram, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var waiter = new TaskCompletionSource<Envelope>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(envelope.RequestId, waiter))
        {
            throw new InvalidOperationException($"Request id {envelope.RequestId} is already waiting for a reply.");
        }

        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout ?? DefaultTimeout);
            while (true)
            {
                await _socket.SendToAsync(datagram, SocketFlags.None, Tracker, cancellationToken).ConfigureAwait(false);
                try
                {
                    return await waiter.Task.WaitAsync(RetransmitInterval, deadline.Token).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // No reply yet: send the same datagram again, as a real peer would.
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException(
                        $"No reply to {envelope.Message.Type} (request {envelope.RequestId}) from {Tracker} within {timeout ?? DefaultTimeout}.");
                }
            }
        }
        finally
        {
            _pending.TryRemove(envelope.RequestId, out _);
        }
    }

    /// <summary>Sends <paramref name="message"/> with a new request id and the current session token; returns the reply message.</summary>
    public async Task<Message> RequestAsync(Message message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var reply = await SendAsync(new Envelope(NextRequestId(), SessionToken, message), timeout, cancellationToken).ConfigureAwait(false);
        return reply.Message;
    }

    /// <summary>Like <see cref="RequestAsync(Message, TimeSpan?, CancellationToken)"/>, but fails with a readable message unless the reply is a <typeparamref name="TReply"/>.</summary>
    public async Task<TReply> RequestAsync<TReply>(Message message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where TReply : Message
    {
        var reply = await RequestAsync(message, timeout, cancellationToken).ConfigureAwait(false);
        return reply as TReply
            ?? throw new InvalidOperationException($"Expected {typeof(TReply).Name} in reply to {message.Type}, got {reply}.");
    }

    /// <summary>Sends a message with a new id and the session token without waiting for anything (heartbeats).</summary>
    public async Task PostAsync(Message message, CancellationToken cancellationToken = default)
    {
        var datagram = Datagram(new Envelope(NextRequestId(), SessionToken, message));
        await _socket.SendToAsync(datagram, SocketFlags.None, Tracker, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends arbitrary bytes (malformed datagrams).</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default) =>
        await _socket.SendToAsync(datagram, SocketFlags.None, Tracker, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Waits for a reply that no request was waiting for (a raw datagram's answer, a duplicate, an unsolicited error).
    /// Returns null when none arrives within <paramref name="timeout"/>.
    /// </summary>
    public async Task<Envelope?> ReceiveUnmatchedAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await _unmatched.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Runs the SCRAM-SHA-256 login. Returns the <see cref="AuthSuccessReply"/> (after checking the tracker's
    /// signature, and storing the token in <see cref="SessionToken"/>) or the tracker's <see cref="ErrorReply"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tracker's challenge is invalid or its server signature is wrong.</exception>
    public async Task<Message> TryLoginAsync(string user, string password, int fileServerPort = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        var clientNonce = ScramSha256.NewNonce();
        var first = await SendAsync(new Envelope(NextRequestId(), null, new AuthStartRequest(user, clientNonce, fileServerPort, PeerCapabilities.SignedSessions)), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (first.Message is not AuthChallengeReply challenge)
        {
            return first.Message;
        }

        if (!challenge.CombinedNonce.StartsWith(clientNonce, StringComparison.Ordinal)
            || challenge.Iterations < ProtocolLimits.MinScramIterations || challenge.Iterations > ProtocolLimits.MaxScramIterations)
        {
            throw new InvalidOperationException($"Tracker sent an invalid challenge: {challenge}");
        }

        var keys = ScramSha256.DeriveKeys(password, challenge.Salt, challenge.Iterations);
        var authMessage = ScramSha256.AuthMessage(user, clientNonce, challenge.CombinedNonce, challenge.Salt, challenge.Iterations);
        var proof = ScramSha256.ClientProof(keys, authMessage);
        var final = await SendAsync(new Envelope(NextRequestId(), null, new AuthProofRequest(challenge.CombinedNonce, proof)), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (final.Message is not AuthSuccessReply success)
        {
            return final.Message;
        }

        if (!success.ServerSignature.AsSpan().SequenceEqual(ScramSha256.ServerSignature(keys.ServerKey, authMessage)))
        {
            throw new InvalidOperationException("The tracker's server signature does not verify.");
        }

        var sessionKeys = SessionKeys.Derive(keys.ClientKey, keys.ServerKey, authMessage);
        if (final.Counter != 0)
        {
            throw new InvalidOperationException("The tracker's AuthSuccess is not signed with counter 0.");
        }

        Keys = sessionKeys;
        Interlocked.Exchange(ref _counter, 0);
        SessionToken = success.SessionToken;
        Session = success with { TicketKey = sessionKeys.MaskTicketKey(success.TicketKey) };
        return Session;
    }

    /// <summary>Logs in or throws with the tracker's error.</summary>
    public async Task<AuthSuccessReply> LoginAsync(string user, string password, int fileServerPort = 0, CancellationToken cancellationToken = default)
    {
        var reply = await TryLoginAsync(user, password, fileServerPort, cancellationToken).ConfigureAwait(false);
        return reply as AuthSuccessReply ?? throw new InvalidOperationException($"Login of {user} failed: {reply}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65_536];
        EndPoint any = new IPEndPoint(Tracker.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                continue; // e.g. ICMP port unreachable after the tracker was killed
            }
            catch (SocketException)
            {
                return;
            }

            Envelope envelope;
            var datagram = buffer.AsMemory(0, received.ReceivedBytes);
            try
            {
                envelope = MessageCodec.Decode(datagram);
            }
            catch (ProtocolException)
            {
                continue; // not for us: the tracker never sends garbage
            }

            // The login's AuthSuccess is checked by TryLoginAsync (the keys are not known before it).
            if (envelope.IsSigned && envelope.Message is not AuthSuccessReply
                && (Keys is not { } keys || !SessionMac.Verify(keys.ReplyKey, datagram.Span)))
            {
                Interlocked.Increment(ref _forgedReplies);
                continue;
            }

            if (_pending.TryRemove(envelope.RequestId, out var waiter))
            {
                waiter.TrySetResult(envelope);
            }
            else
            {
                _unmatched.Writer.TryWrite(envelope);
            }
        }
    }
}
