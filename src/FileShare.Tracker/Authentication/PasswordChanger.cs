using System.Net;
using System.Security.Cryptography;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker.Accounts;
using FileShare.Tracker.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Authentication;

/// <summary>
/// Password change for a logged-in user. The challenge carries a single-use nonce bound to the session, the current
/// salt and iterations, and a fresh salt for the new password; the finish must prove the current password with a
/// SCRAM client proof over <see cref="ScramSha256.ChangePasswordMessage"/>, checked against the account's current
/// StoredKey. A wrong proof or an unknown, expired or foreign nonce is refused with
/// <see cref="ErrorCode.AuthenticationFailed"/> and counts as a failed login for the throttle.
/// Not thread-safe: the caller serialises access.
/// </summary>
internal sealed partial class PasswordChanger
{
    private const string FailureText = "Password change failed";

    private readonly CredentialStore _credentials;
    private readonly ScramAuthenticator _authenticator;
    private readonly TrackerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PasswordChanger> _logger;
    private readonly Dictionary<string, PendingPasswordChange> _pending = new(StringComparer.Ordinal);
    private readonly Queue<PendingPasswordChange> _pendingOrder = new();

    public PasswordChanger(
        CredentialStore credentials, ScramAuthenticator authenticator, IOptions<TrackerOptions> options, TimeProvider time, ILogger<PasswordChanger> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _credentials = credentials;
        _authenticator = authenticator;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public int PendingCount => _pending.Count;

    public Message Start(Session session, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = _time.GetUtcNow();
        if (_authenticator.CheckThrottle(session.UserName, source) is { } throttled)
        {
            return throttled;
        }

        if (!_credentials.TryGet(session.UserName, out var current))
        {
            return new ErrorReply(ErrorCode.AuthenticationFailed, "Your account no longer exists on this tracker");
        }

        Prune(now);
        while (_pending.Count >= _options.MaxPendingAuthExchanges && _pendingOrder.TryDequeue(out var oldest))
        {
            RemovePending(oldest);
        }

        var pending = new PendingPasswordChange(
            ScramSha256.NewNonce(), session, RandomNumberGenerator.GetBytes(ProtocolLimits.SaltBytes), _options.ScramIterations,
            now + _options.AuthExchangeLifetime);
        _pending.Add(pending.Nonce, pending);
        _pendingOrder.Enqueue(pending);
        return new ChangePasswordChallengeReply(pending.Nonce, current.Salt, current.Iterations, pending.NewSalt, pending.NewIterations);
    }

    public Message Finish(Session session, ChangePasswordFinishRequest request, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var user = session.UserName;
        if (!_pending.Remove(request.Nonce, out var pending) || now > pending.ExpiresAt || !ReferenceEquals(pending.Session, session))
        {
            return Fail(user, source, "unknown, used or expired password-change nonce");
        }

        if (_authenticator.CheckThrottle(user, source) is { } throttled)
        {
            return throttled;
        }

        if (!_credentials.TryGet(user, out var current))
        {
            return Fail(user, source, "the account no longer exists");
        }

        var message = ScramSha256.ChangePasswordMessage(user, pending.Nonce, request.NewStoredKey, request.NewServerKey);
        if (!ScramSha256.VerifyClientProof(current.StoredKey, message, request.OldPasswordProof))
        {
            return Fail(user, source, "wrong old password");
        }

        var updated = new ScramCredential(pending.NewSalt, pending.NewIterations, request.NewStoredKey, request.NewServerKey);
        try
        {
            if (!_credentials.TryReplace(user, updated))
            {
                return Fail(user, source, "the account no longer exists in the credentials file");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            LogSaveFailed(_logger, user, _credentials.FilePath, ex.Message);
            return new ErrorReply(ErrorCode.Internal, "The tracker could not save the new password; nothing was changed");
        }

        _authenticator.ResetFailures(user, source);
        LogChanged(_logger, user, source);
        return new OkReply();
    }

    /// <summary>Drops expired nonces.</summary>
    public void Prune(DateTimeOffset now)
    {
        while (_pendingOrder.TryPeek(out var oldest) && (now > oldest.ExpiresAt || !_pending.ContainsKey(oldest.Nonce)))
        {
            _pendingOrder.Dequeue();
            RemovePending(oldest);
        }
    }

    private ErrorReply Fail(string user, IPAddress source, string reason)
    {
        _authenticator.RecordFailure(user, source, "password change: " + reason);
        return new ErrorReply(ErrorCode.AuthenticationFailed, FailureText);
    }

    private void RemovePending(PendingPasswordChange pending)
    {
        if (_pending.TryGetValue(pending.Nonce, out var current) && ReferenceEquals(current, pending))
        {
            _pending.Remove(pending.Nonce);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} changed their password (from {Address})")]
    private static partial void LogChanged(ILogger logger, string user, IPAddress address);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not save the new password of {User} to {Path}: {Reason}")]
    private static partial void LogSaveFailed(ILogger logger, string user, string path, string reason);
}
