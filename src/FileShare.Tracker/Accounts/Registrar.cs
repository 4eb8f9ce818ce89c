using System.Net;
using System.Security.Cryptography;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker.Authentication;
using FileShare.Tracker.Dispatch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Accounts;

/// <summary>
/// Self-service registration (when <see cref="TrackerOptions.AllowRegistration"/> is on). RegisterStart issues a fresh
/// salt remembered per (source endpoint, user name) for <see cref="TrackerOptions.AuthExchangeLifetime"/>;
/// RegisterFinish must present exactly that salt and consumes it, so a finish replayed from a capture can neither
/// create an account nor touch an existing one. Failures (bad or taken names, unknown salts) are throttled per source
/// address like failed logins, and each address may create at most <see cref="TrackerOptions.RegistrationLimit"/>
/// accounts per <see cref="TrackerOptions.RegistrationWindow"/>. Not thread-safe: the caller serialises access.
/// </summary>
internal sealed partial class Registrar
{
    private readonly CredentialStore _credentials;
    private readonly TrackerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<Registrar> _logger;
    private readonly Dictionary<(IPEndPoint Source, string UserName), PendingRegistration> _pending = [];
    private readonly Queue<PendingRegistration> _pendingOrder = new();
    private readonly FailureThrottle _failures;
    private readonly RegistrationQuota _quota;

    public Registrar(CredentialStore credentials, IOptions<TrackerOptions> options, TimeProvider time, ILogger<Registrar> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _credentials = credentials;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _failures = new FailureThrottle(_options.ThrottleFreeFailures, _options.ThrottleBaseDelay, _options.ThrottleMaxDelay);
        _quota = new RegistrationQuota(_options.RegistrationLimit, _options.RegistrationWindow);
    }

    public int PendingCount => _pending.Count;

    /// <summary>Handles RegisterStart: a challenge with a fresh salt, or the reason for refusing.</summary>
    public Message Start(RegisterStartRequest request, IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        if (!_options.AllowRegistration)
        {
            return Disabled();
        }

        var now = _time.GetUtcNow();
        var address = TrackerService.ClientAddress(source).ToString();
        if (Throttled(address, now) is { } throttled)
        {
            return throttled;
        }

        if (NameRules.CheckNewUserName(request.UserName) is { } nameError)
        {
            Fail(address, request.UserName, now, "invalid name");
            return new ErrorReply(ErrorCode.InvalidName, nameError);
        }

        if (_credentials.Contains(request.UserName))
        {
            Fail(address, request.UserName, now, "name taken");
            return Taken();
        }

        if (QuotaExhausted(address, now) is { } exhausted)
        {
            return exhausted;
        }

        Prune(now);
        while (_pending.Count >= _options.MaxPendingAuthExchanges && _pendingOrder.TryDequeue(out var oldest))
        {
            RemovePending(oldest);
        }

        // A new start for the same name from the same endpoint replaces the older salt.
        var pending = new PendingRegistration(
            source, request.UserName, RandomNumberGenerator.GetBytes(ProtocolLimits.SaltBytes), _options.ScramIterations,
            now + _options.AuthExchangeLifetime);
        _pending[(source, request.UserName)] = pending;
        _pendingOrder.Enqueue(pending);
        return new RegisterChallengeReply(pending.Salt, pending.Iterations);
    }

    /// <summary>Handles RegisterFinish: creates the account (durably, hashed form) and answers Ok, or refuses.</summary>
    public Message Finish(RegisterFinishRequest request, IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        if (!_options.AllowRegistration)
        {
            return Disabled();
        }

        var now = _time.GetUtcNow();
        var address = TrackerService.ClientAddress(source).ToString();
        if (NameRules.CheckNewUserName(request.UserName) is { } nameError)
        {
            Fail(address, request.UserName, now, "invalid name");
            return new ErrorReply(ErrorCode.InvalidName, nameError);
        }

        // Consumed whatever happens next: a salt is good for one finish only.
        _pending.Remove((source, request.UserName), out var pending);
        if (Throttled(address, now) is { } throttled)
        {
            return throttled;
        }

        if (_credentials.Contains(request.UserName))
        {
            Fail(address, request.UserName, now, "name taken (a late or replayed finish)");
            return Taken();
        }

        if (pending is null || now > pending.ExpiresAt || !CryptographicOperations.FixedTimeEquals(pending.Salt, request.Salt))
        {
            Fail(address, request.UserName, now, "salt not issued to this endpoint for this name, already used, or expired");
            return new ErrorReply(ErrorCode.AuthenticationFailed, "Registration expired or was not started here; please register again");
        }

        if (QuotaExhausted(address, now) is { } exhausted)
        {
            return exhausted;
        }

        var credential = new ScramCredential(pending.Salt, pending.Iterations, request.StoredKey, request.ServerKey);
        try
        {
            if (!_credentials.TryAdd(request.UserName, credential))
            {
                return Taken();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            LogSaveFailed(_logger, request.UserName, _credentials.FilePath, ex.Message);
            return new ErrorReply(ErrorCode.Internal, "The tracker could not save the account; nothing was changed");
        }

        _quota.Record(address, now);
        LogRegistered(_logger, request.UserName, address);
        return new OkReply();
    }

    /// <summary>Drops expired salts and forgotten throttle entries.</summary>
    public void Prune(DateTimeOffset now)
    {
        while (_pendingOrder.TryPeek(out var oldest)
            && (now > oldest.ExpiresAt || !_pending.TryGetValue((oldest.Source, oldest.UserName), out var current) || !ReferenceEquals(current, oldest)))
        {
            _pendingOrder.Dequeue();
            RemovePending(oldest);
        }

        _failures.Prune(now);
        _quota.Prune(now);
    }

    private static ErrorReply Disabled() => new(ErrorCode.RegistrationDisabled, "Registration is disabled on this tracker");

    private static ErrorReply Taken() => new(ErrorCode.AlreadyExists, "Username already taken");

    private void RemovePending(PendingRegistration pending)
    {
        var key = (pending.Source, pending.UserName);
        if (_pending.TryGetValue(key, out var current) && ReferenceEquals(current, pending))
        {
            _pending.Remove(key);
        }
    }

    private ErrorReply? Throttled(string address, DateTimeOffset now)
    {
        if (_failures.RetryAfter(address, now) is not { } wait)
        {
            return null;
        }

        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        return new ErrorReply(ErrorCode.Throttled, $"Too many failed registrations from your address; try again in {seconds} s");
    }

    private ErrorReply? QuotaExhausted(string address, DateTimeOffset now)
    {
        if (_quota.RetryAfter(address, now) is not { } wait)
        {
            return null;
        }

        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        LogQuotaExhausted(_logger, address, _options.RegistrationLimit, seconds);
        return new ErrorReply(ErrorCode.Throttled, $"Too many accounts created from your address; try again in {seconds} s");
    }

    private void Fail(string address, string userName, DateTimeOffset now, string reason)
    {
        var delay = _failures.RecordFailure(address, now);
        LogRefused(_logger, userName, address, reason, (int)delay.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {User} registered from {Address}")]
    private static partial void LogRegistered(ILogger logger, string user, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registration of {User} from {Address} refused: {Reason} (next attempt delayed {DelayMs} ms)")]
    private static partial void LogRefused(ILogger logger, string user, string address, string reason, int delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Address} created {Limit} accounts recently; registrations refused for {Seconds} s")]
    private static partial void LogQuotaExhausted(ILogger logger, string address, int limit, int seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not save the new account {User} to {Path}: {Reason}")]
    private static partial void LogSaveFailed(ILogger logger, string user, string path, string reason);
}
