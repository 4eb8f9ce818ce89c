using System.Net;
using System.Security.Cryptography;
using System.Text;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker.Accounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Authentication;

/// <summary>
/// The tracker side of SCRAM-SHA-256: answers client-first with a challenge (also for unknown users, with a
/// fake salt, so the answer does not reveal who exists), checks client-final, and throttles failures per
/// source address and per user. Not thread-safe: the caller serialises access.
/// </summary>
internal sealed partial class ScramAuthenticator
{
    /// <summary>The one text every refused login gets, whatever the reason.</summary>
    public const string FailureText = "Authentication failed";

    /// <summary>What a client that cannot sign its session gets (PROTOCOL.md §10.1).</summary>
    public const string UnsignedClientText = "This tracker requires signed sessions (protocol 2): upgrade FileShare";

    private readonly CredentialStore _credentials;
    private readonly TimeProvider _time;
    private readonly ILogger<ScramAuthenticator> _logger;
    private readonly TrackerOptions _options;
    private readonly byte[] _serverSecret = RandomNumberGenerator.GetBytes(32);
    private readonly Dictionary<string, PendingExchange> _pending = new(StringComparer.Ordinal);
    private readonly Queue<PendingExchange> _pendingOrder = new();
    private readonly FailureThrottle _byAddress;
    private readonly FailureThrottle _byUser;

    public ScramAuthenticator(CredentialStore credentials, IOptions<TrackerOptions> options, TimeProvider time, ILogger<ScramAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _credentials = credentials;
        _time = time;
        _logger = logger;
        _options = options.Value;
        _byAddress = new FailureThrottle(_options.ThrottleFreeFailures, _options.ThrottleBaseDelay, _options.ThrottleMaxDelay);
        _byUser = new FailureThrottle(_options.ThrottleFreeFailures, _options.ThrottleBaseDelay, _options.ThrottleMaxDelay);
    }

    public int PendingCount => _pending.Count;

    /// <summary>The user of a pending exchange (for logging), or null.</summary>
    public string? PendingUser(string combinedNonce) => _pending.TryGetValue(combinedNonce, out var exchange) ? exchange.UserName : null;

    /// <summary>Makes the tracker's nonce part; replaceable so a test can replay the RFC 7677 vector.</summary>
    internal Func<string> ServerNonce { get; init; } = ScramSha256.NewNonce;

    /// <summary>Handles client-first: a challenge, or an error when throttled or malformed.</summary>
    public Message Start(AuthStartRequest request, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        var now = _time.GetUtcNow();
        if (NameRules.CheckExistingUserName(request.UserName) is { } nameError)
        {
            return new ErrorReply(ErrorCode.BadRequest, nameError);
        }

        if (!IsValidNonce(request.ClientNonce))
        {
            return new ErrorReply(ErrorCode.BadRequest, "Client nonce must be 1 to 128 printable ASCII characters without ','");
        }

        if (!request.Capabilities.HasFlag(PeerCapabilities.SignedSessions))
        {
            // A bearer token is a credential anyone who sees one datagram can use: no session is given without keys.
            return new ErrorReply(ErrorCode.UnsupportedVersion, UnsignedClientText);
        }

        if (Throttled(request.UserName, source, now) is { } throttled)
        {
            return throttled;
        }

        Prune(now);
        while (_pending.Count >= _options.MaxPendingAuthExchanges && _pendingOrder.TryDequeue(out var oldest))
        {
            RemovePending(oldest);
        }

        byte[] salt;
        int iterations;
        var known = _credentials.TryGet(request.UserName, out var credential);
        if (known)
        {
            salt = credential!.Salt;
            iterations = credential.Iterations;
        }
        else
        {
            // Stable per user name, so asking twice gives the same answer as for a real account.
            salt = HMACSHA256.HashData(_serverSecret, Encoding.UTF8.GetBytes(request.UserName))[..ProtocolLimits.SaltBytes];
            iterations = _options.ScramIterations;
        }

        var combined = request.ClientNonce + ServerNonce();
        var exchange = new PendingExchange(
            request.UserName, request.ClientNonce, combined, salt, iterations, credential, source, request.FileServerPort,
            now + _options.AuthExchangeLifetime);
        _pending.Add(combined, exchange);
        _pendingOrder.Enqueue(exchange);
        return new AuthChallengeReply(combined, salt, iterations);
    }

    /// <summary>
    /// Handles client-final. Refuses (with one generic error) an unknown or expired exchange, a different source
    /// address, an unknown user, a wrong proof, or a user <paramref name="isActive"/> says is already active.
    /// </summary>
    public AuthOutcome Finish(AuthProofRequest request, IPAddress source, Func<string, bool> isActive)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(isActive);
        var now = _time.GetUtcNow();
        if (!_pending.Remove(request.CombinedNonce, out var exchange) || now > exchange.ExpiresAt || !exchange.Source.Equals(source))
        {
            return Fail(exchange?.UserName, source, now, "unknown or expired login exchange");
        }

        if (Throttled(exchange.UserName, source, now) is { } throttled)
        {
            return AuthOutcome.Failure(exchange.UserName, throttled);
        }

        var authMessage = ScramSha256.AuthMessage(exchange.UserName, exchange.ClientNonce, exchange.CombinedNonce, exchange.Salt, exchange.Iterations);
        if (exchange.Credential is null)
        {
            return Fail(exchange.UserName, source, now, "unknown user");
        }

        var clientKey = ScramSha256.RecoverClientKey(exchange.Credential.StoredKey, authMessage, request.ClientProof);
        if (clientKey is null)
        {
            return Fail(exchange.UserName, source, now, "wrong password");
        }

        if (isActive(exchange.UserName))
        {
            return Fail(exchange.UserName, source, now, "user is already active");
        }

        _byUser.Reset(exchange.UserName);
        _byAddress.Reset(source.ToString());
        var signature = ScramSha256.ServerSignature(exchange.Credential.ServerKey, authMessage);
        var keys = SessionKeys.Derive(clientKey, exchange.Credential.ServerKey, authMessage);
        CryptographicOperations.ZeroMemory(clientKey);
        return AuthOutcome.Success(exchange.UserName, exchange.FileServerPort, signature, keys);
    }

    /// <summary>The Throttled error while <paramref name="userName"/> or <paramref name="source"/> must wait, else null (shared with password change).</summary>
    public ErrorReply? CheckThrottle(string userName, IPAddress source) => Throttled(userName, source, _time.GetUtcNow());

    /// <summary>Counts a failed proof of a password outside the login (password change) like a failed login.</summary>
    public void RecordFailure(string userName, IPAddress source, string reason) => Fail(userName, source, _time.GetUtcNow(), reason);

    /// <summary>Forgets the failures of a user and address after a successful proof.</summary>
    public void ResetFailures(string userName, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _byUser.Reset(userName);
        _byAddress.Reset(source.ToString());
    }

    /// <summary>Drops expired exchanges and forgotten throttle entries.</summary>
    public void Prune(DateTimeOffset now)
    {
        while (_pendingOrder.TryPeek(out var oldest) && (now > oldest.ExpiresAt || !_pending.ContainsKey(oldest.CombinedNonce)))
        {
            _pendingOrder.Dequeue();
            RemovePending(oldest);
        }

        _byAddress.Prune(now);
        _byUser.Prune(now);
    }

    internal static bool IsValidNonce(string nonce)
    {
        if (nonce.Length is 0 or > 128)
        {
            return false;
        }

        foreach (var c in nonce)
        {
            if (c is < '!' or > '~' or ',')
            {
                return false;
            }
        }

        return true;
    }

    private void RemovePending(PendingExchange exchange)
    {
        // Only remove the dictionary entry if it is this very exchange (nonces are random, but be exact).
        if (_pending.TryGetValue(exchange.CombinedNonce, out var current) && ReferenceEquals(current, exchange))
        {
            _pending.Remove(exchange.CombinedNonce);
        }
    }

    private ErrorReply? Throttled(string userName, IPAddress source, DateTimeOffset now)
    {
        var wait = Max(_byAddress.RetryAfter(source.ToString(), now), _byUser.RetryAfter(userName, now));
        if (wait is null)
        {
            return null;
        }

        var seconds = (int)Math.Ceiling(wait.Value.TotalSeconds);
        LogThrottled(_logger, userName, source, seconds);
        return new ErrorReply(ErrorCode.Throttled, $"Too many failed logins; try again in {seconds} s");
    }

    private AuthOutcome Fail(string? userName, IPAddress source, DateTimeOffset now, string reason)
    {
        var addressDelay = _byAddress.RecordFailure(source.ToString(), now);
        var userDelay = userName is null ? TimeSpan.Zero : _byUser.RecordFailure(userName, now);
        var delay = addressDelay > userDelay ? addressDelay : userDelay;
        LogFailure(_logger, userName ?? "?", source, reason, (int)delay.TotalMilliseconds);
        return AuthOutcome.Failure(userName, new ErrorReply(ErrorCode.AuthenticationFailed, FailureText));
    }

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication failed for {User} from {Address}: {Reason} (next attempt delayed {DelayMs} ms)")]
    private static partial void LogFailure(ILogger logger, string user, IPAddress address, string reason, int delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login of {User} from {Address} throttled for {Seconds} s after repeated failures")]
    private static partial void LogThrottled(ILogger logger, string user, IPAddress address, int seconds);
}
