using System.Security.Cryptography;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using Microsoft.Extensions.Logging;

namespace FileShare.Peer.Core.Tracker;

/// <summary>
/// The peer's session with the tracker: SCRAM login, the token on every request, heartbeats, and a
/// transparent re-login with the credentials in memory when the tracker has forgotten the session.
/// </summary>
internal sealed partial class TrackerSession : IDisposable
{
    private readonly TrackerConnection _connection;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _authLock = new(1, 1);
    private SessionInfo? _session;
    private byte[]? _previousTicketKey;
    private (string User, string Password)? _credentials;
    private (string Password, byte[] Salt, int Iterations, ScramKeys Keys)? _keyCache;
    private int _fileServerPort;

    // Background re-logins run under _lifetime, which leave and disposal cancel so nothing logs back in after them.
    private readonly Lock _backgroundLock = new();
    private readonly List<Task> _backgroundRelogins = [];
    private CancellationTokenSource _lifetime = new();
    private bool _disposed;

    // The token each recent heartbeat carried, so a rejection re-logs in only if that token is still the current one.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<uint, byte[]> _heartbeatTokens = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<uint> _heartbeatOrder = new();
    private const int RememberedHeartbeats = 64;

    public TrackerSession(TrackerConnection connection, ILogger<TrackerSession> logger)
    {
        _connection = connection;
        _logger = logger;
        _connection.UnsolicitedReply += OnUnsolicitedReply;
    }

    /// <summary>Raised after every successful login or re-login, and after logout.</summary>
    public event Action? SessionChanged;

    /// <summary>The current session, or null when logged out.</summary>
    public SessionInfo? Current => Volatile.Read(ref _session);

    /// <summary>The ticket key of the session before the last re-login, still honoured for tickets issued just before it.</summary>
    public byte[]? PreviousTicketKey => Volatile.Read(ref _previousTicketKey);

    /// <summary>The connection underneath, for round-trip figures.</summary>
    public TrackerConnection Connection => _connection;

    /// <summary>Logs in with SCRAM-SHA-256; the password never leaves this process.</summary>
    public async Task<LoginOutcome> LoginAsync(string user, string password, int fileServerPort, CancellationToken cancellationToken)
    {
        await _authLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var outcome = await AuthenticateAsync(user, password, fileServerPort, cancellationToken).ConfigureAwait(false);
            if (outcome == LoginOutcome.Success)
            {
                _credentials = (user, password);
                _fileServerPort = fileServerPort;
            }

            return outcome;
        }
        finally
        {
            _authLock.Release();
        }
    }

    /// <summary>
    /// Asks for every page of a paged list: <paramref name="request"/> is called with the cursor (the key of the last
    /// item so far, null first) until the tracker says there is no more. Items are added to <paramref name="into"/>
    /// as pages arrive, so a caller that stops at an error keeps the pages before it.
    /// </summary>
    public async Task CollectPagesAsync<TReply, TItem>(
        Func<string?, Message> request,
        Func<TReply, (IReadOnlyList<TItem> Items, bool More)> page,
        Func<TItem, string> cursor,
        List<TItem> into,
        CancellationToken cancellationToken)
        where TReply : Message
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentNullException.ThrowIfNull(into);
        string? after = null;
        while (true)
        {
            var (items, more) = page(await CallAsync<TReply>(request(after), cancellationToken).ConfigureAwait(false));
            into.AddRange(items);
            if (!more || items.Count == 0)
            {
                return;
            }

            after = cursor(items[^1]);
        }
    }

    /// <summary>Sends a request with the session token and returns the reply of the expected type.</summary>
    /// <exception cref="TrackerErrorException">The tracker answered with an error.</exception>
    /// <exception cref="TrackerUnavailableException">The tracker did not answer.</exception>
    public async Task<TReply> CallAsync<TReply>(Message request, CancellationToken cancellationToken)
        where TReply : Message
    {
        var session = Current ?? throw new InvalidOperationException("Not logged in.");
        var reply = await _connection.RequestAsync(request, session.Signer, cancellationToken).ConfigureAwait(false);
        if (reply is ErrorReply { Code: ErrorCode.NotAuthenticated })
        {
            LogSessionForgotten(request.Type);
            session = await ReauthenticateAsync(session.Token, cancellationToken).ConfigureAwait(false);
            reply = await _connection.RequestAsync(request, session.Signer, cancellationToken).ConfigureAwait(false);
        }

        return reply switch
        {
            TReply expected => expected,
            ErrorReply error => throw new TrackerErrorException(error.Code, error.Text),
            _ => throw new TrackerErrorException(ErrorCode.BadRequest, $"Unexpected reply {reply.Type} to {request.Type}"),
        };
    }

    /// <summary>
    /// Asks the tracker for a discovery answer, so the round trip and reachability are known before any login.
    /// </summary>
    /// <returns>True when the tracker answered.</returns>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _connection.RequestAsync(new DiscoveryProbe(), null, cancellationToken).ConfigureAwait(false) is DiscoveryAnswer;
        }
        catch (TrackerUnavailableException)
        {
            return false;
        }
    }

    /// <summary>Sends one heartbeat if logged in.</summary>
    public async Task SendHeartbeatAsync(CancellationToken cancellationToken)
    {
        var session = Current;
        if (session is null)
        {
            return;
        }

        var id = await _connection.SendAsync(new HeartbeatRequest(), session.Signer, cancellationToken).ConfigureAwait(false);
        _heartbeatTokens[id] = session.Token;
        _heartbeatOrder.Enqueue(id);
        while (_heartbeatOrder.Count > RememberedHeartbeats && _heartbeatOrder.TryDequeue(out var old))
        {
            _heartbeatTokens.TryRemove(old, out _);
        }
    }

    /// <summary>
    /// Ends the session at the tracker (best effort) and forgets the credentials. A background re-login still running
    /// is cancelled and waited for first; a login that wins the lock before this is the session that gets ended.
    /// </summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        // Cancel before taking the lock: a background re-login may hold it while it waits for the tracker.
        CancellationTokenSource ending;
        Task[] relogins;
        lock (_backgroundLock)
        {
            ending = _lifetime;
            relogins = [.. _backgroundRelogins];
        }

        await ending.CancelAsync().ConfigureAwait(false);

        SessionInfo? session;
        await _authLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            session = Current;
            _credentials = null;
            Volatile.Write(ref _session, null);
            lock (_backgroundLock)
            {
                // A later login gets a live token again; re-logins started from here on find no credentials.
                if (!_disposed && ReferenceEquals(_lifetime, ending))
                {
                    // The old source is not disposed: a concurrent leave may still be cancelling it, and it has no timer.
                    _lifetime = new CancellationTokenSource();
                }
            }
        }
        finally
        {
            _authLock.Release();
        }

        await Task.WhenAll(relogins).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
        if (session is not null)
        {
            try
            {
                await _connection.RequestAsync(new LeaveRequest(), session.Signer, cancellationToken).ConfigureAwait(false);
            }
            catch (TrackerUnavailableException)
            {
                // The tracker expires the session by itself when heartbeats stop.
            }
        }

        SessionChanged?.Invoke();
    }

    /// <summary>
    /// Creates an account: the tracker chooses the salt, this side derives the SCRAM keys, and only the keys travel.
    /// </summary>
    /// <exception cref="TrackerErrorException">Refused (registration disabled, name taken, invalid name or password).</exception>
    public async Task RegisterAsync(string user, string password, CancellationToken cancellationToken)
    {
        var first = await _connection.RequestAsync(new RegisterStartRequest(user), null, cancellationToken).ConfigureAwait(false);
        if (first is ErrorReply error)
        {
            throw new TrackerErrorException(error.Code, error.Text);
        }

        if (first is not RegisterChallengeReply challenge
            || challenge.Iterations < ProtocolLimits.MinScramIterations
            || challenge.Iterations > ProtocolLimits.MaxScramIterations)
        {
            throw new TrackerErrorException(ErrorCode.BadRequest, "The tracker sent an unusable registration challenge");
        }

        var keys = ScramSha256.DeriveKeys(password, challenge.Salt, challenge.Iterations);
        var final = await _connection.RequestAsync(
            new RegisterFinishRequest(user, challenge.Salt, keys.StoredKey, keys.ServerKey), null, cancellationToken).ConfigureAwait(false);
        if (final is ErrorReply finalError)
        {
            throw new TrackerErrorException(finalError.Code, finalError.Text);
        }
    }

    /// <summary>
    /// Changes the password: proves the old one with a SCRAM-style proof bound to the tracker's nonce and the new keys,
    /// which are derived here from the new password and the tracker's new salt.
    /// </summary>
    /// <returns>False when the tracker refused (wrong old password, or anything else).</returns>
    public async Task<bool> ChangePasswordAsync(string oldPassword, string newPassword, CancellationToken cancellationToken)
    {
        var session = Current ?? throw new InvalidOperationException("Not logged in.");
        var challenge = await CallAsync<ChangePasswordChallengeReply>(new ChangePasswordStartRequest(), cancellationToken).ConfigureAwait(false);
        if (challenge.CurrentIterations > ProtocolLimits.MaxScramIterations
            || challenge.NewIterations < ProtocolLimits.MinScramIterations || challenge.NewIterations > ProtocolLimits.MaxScramIterations)
        {
            return false;
        }

        var oldKeys = ScramSha256.DeriveKeys(oldPassword, challenge.CurrentSalt, challenge.CurrentIterations);
        var newKeys = ScramSha256.DeriveKeys(newPassword, challenge.NewSalt, challenge.NewIterations);
        var message = ScramSha256.ChangePasswordMessage(session.UserName, challenge.Nonce, newKeys.StoredKey, newKeys.ServerKey);
        var proof = ScramSha256.ClientProof(oldKeys, message);
        try
        {
            await CallAsync<OkReply>(
                new ChangePasswordFinishRequest(challenge.Nonce, proof, newKeys.StoredKey, newKeys.ServerKey), cancellationToken).ConfigureAwait(false);
        }
        catch (TrackerErrorException)
        {
            return false;
        }

        // Re-logins from now on need the new password (unless the user left meanwhile).
        await _authLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_credentials is not null)
            {
                _credentials = (session.UserName, newPassword);
                _keyCache = (newPassword, challenge.NewSalt, challenge.NewIterations, newKeys);
            }
        }
        finally
        {
            _authLock.Release();
        }

        return true;
    }

    private async Task<SessionInfo> ReauthenticateAsync(byte[] staleToken, CancellationToken cancellationToken)
    {
        await _authLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = Current;
            if (current is not null && !current.Token.AsSpan().SequenceEqual(staleToken))
            {
                return current; // another caller already logged in again
            }

            if (_credentials is not { } credentials)
            {
                throw new TrackerErrorException(ErrorCode.NotAuthenticated, "Not logged in");
            }

            var outcome = await AuthenticateAsync(credentials.User, credentials.Password, _fileServerPort, cancellationToken)
                .ConfigureAwait(false);
            if (outcome != LoginOutcome.Success)
            {
                LogReloginFailed(outcome);
                throw new TrackerErrorException(ErrorCode.NotAuthenticated, "Session lost and the automatic login failed");
            }

            LogRelogin(credentials.User);
            return Current!;
        }
        finally
        {
            _authLock.Release();
        }
    }

    private void OnUnsolicitedReply(Envelope envelope)
    {
        // Only a rejection of a heartbeat that carried the current token means the session is gone; a late or
        // duplicated rejection of an older one must not start a second login.
        if (envelope.Message is ErrorReply { Code: ErrorCode.NotAuthenticated }
            && _heartbeatTokens.TryRemove(envelope.RequestId, out var rejectedToken)
            && Current is { } session
            && session.Token.AsSpan().SequenceEqual(rejectedToken))
        {
            // The tracker rejected a heartbeat: it restarted or expired us. Log in again in the background.
            StartBackgroundRelogin(rejectedToken);
        }
    }

    private void StartBackgroundRelogin(byte[] rejectedToken)
    {
        lock (_backgroundLock)
        {
            if (_disposed)
            {
                return;
            }

            var lifetime = _lifetime.Token;
            _backgroundRelogins.RemoveAll(t => t.IsCompleted);
            _backgroundRelogins.Add(Task.Run(() => BackgroundReloginAsync(rejectedToken, lifetime), CancellationToken.None));
        }
    }

    private async Task BackgroundReloginAsync(byte[] rejectedToken, CancellationToken lifetime)
    {
        try
        {
            await ReauthenticateAsync(rejectedToken, lifetime).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TrackerErrorException or TrackerUnavailableException)
        {
            LogBackgroundReloginFailed(ex.Message);
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            LogBackgroundReloginCancelled();
        }
    }

    /// <summary>Cancels a background re-login still running and stops listening for heartbeat rejections.</summary>
    public void Dispose()
    {
        CancellationTokenSource lifetime;
        lock (_backgroundLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            lifetime = _lifetime;
        }

        _connection.UnsolicitedReply -= OnUnsolicitedReply;
        lifetime.Cancel();
    }

    private async Task<LoginOutcome> AuthenticateAsync(string user, string password, int fileServerPort, CancellationToken cancellationToken)
    {
        var clientNonce = ScramSha256.NewNonce();
        var first = await _connection.RequestAsync(new AuthStartRequest(user, clientNonce, fileServerPort, PeerCapabilities.SignedSessions), null, cancellationToken)
            .ConfigureAwait(false);
        if (first is ErrorReply firstError)
        {
            return firstError.Code == ErrorCode.Throttled ? LoginOutcome.Throttled : LoginOutcome.Refused;
        }

        if (first is not AuthChallengeReply challenge
            || !challenge.CombinedNonce.StartsWith(clientNonce, StringComparison.Ordinal)
            || challenge.CombinedNonce.Length <= clientNonce.Length
            || challenge.Iterations < ProtocolLimits.MinScramIterations
            || challenge.Iterations > ProtocolLimits.MaxScramIterations)
        {
            return LoginOutcome.TrackerNotAuthentic;
        }

        var keys = DeriveKeys(password, challenge.Salt, challenge.Iterations);
        var authMessage = ScramSha256.AuthMessage(user, clientNonce, challenge.CombinedNonce, challenge.Salt, challenge.Iterations);
        var proof = ScramSha256.ClientProof(keys, authMessage);
        var sessionKeys = SessionKeys.Derive(keys.ClientKey, keys.ServerKey, authMessage);
        var final = await _connection.RequestEnvelopeAsync(
                new AuthProofRequest(challenge.CombinedNonce, proof), null, new ReplyCheck(sessionKeys.ReplyKey, 0, Signed: false), cancellationToken)
            .ConfigureAwait(false);
        switch (final.Message)
        {
            case AuthSuccessReply success:
                var expected = ScramSha256.ServerSignature(keys.ServerKey, authMessage);
                if (!CryptographicOperations.FixedTimeEquals(expected, success.ServerSignature))
                {
                    return LoginOutcome.TrackerNotAuthentic;
                }

                if (!final.IsSigned || final.SessionToken is not { } signedToken || !signedToken.AsSpan().SequenceEqual(success.SessionToken))
                {
                    return LoginOutcome.TrackerUnsigned; // an older tracker: its sessions would be bearer tokens
                }

                var previous = Current;
                if (previous is not null)
                {
                    Volatile.Write(ref _previousTicketKey, previous.TicketKey);
                }

                Volatile.Write(ref _session, new SessionInfo(
                    user,
                    new SessionSigner(success.SessionToken, sessionKeys),
                    sessionKeys.MaskTicketKey(success.TicketKey),
                    TimeSpan.FromMilliseconds(success.HeartbeatIntervalMs),
                    TimeSpan.FromMilliseconds(success.SessionTimeoutMs),
                    success.ObservedAddress));
                SessionChanged?.Invoke();
                return LoginOutcome.Success;
            case ErrorReply { Code: ErrorCode.Throttled }:
                return LoginOutcome.Throttled;
            default:
                return LoginOutcome.Refused;
        }
    }

    // PBKDF2 is the slow part of a login; a re-login with the same salt reuses the keys.
    private ScramKeys DeriveKeys(string password, byte[] salt, int iterations)
    {
        if (_keyCache is { } cached && cached.Iterations == iterations && cached.Salt.AsSpan().SequenceEqual(salt)
            && string.Equals(cached.Password, password, StringComparison.Ordinal))
        {
            return cached.Keys;
        }

        var keys = ScramSha256.DeriveKeys(password, salt, iterations);
        _keyCache = (password, salt, iterations, keys);
        return keys;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The tracker no longer knows our session ({Type}); logging in again")]
    private partial void LogSessionForgotten(MessageType type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Logged in again as {User}")]
    private partial void LogRelogin(string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Automatic login failed: {Outcome}")]
    private partial void LogReloginFailed(LoginOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background login failed: {Reason}")]
    private partial void LogBackgroundReloginFailed(string reason);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Background login abandoned: the user left or the peer is closing")]
    private partial void LogBackgroundReloginCancelled();
}
