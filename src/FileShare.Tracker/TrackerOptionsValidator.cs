using FileShare.Protocol;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker;

/// <summary>Rejects settings the tracker cannot work with, naming the key and the reason.</summary>
internal sealed class TrackerOptionsValidator : IValidateOptions<TrackerOptions>
{
    public ValidateOptionsResult Validate(string? name, TrackerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"Tracker:Port must be from 0 to 65535, not {options.Port}.");
        }

        if (string.IsNullOrWhiteSpace(options.Name) || System.Text.Encoding.UTF8.GetByteCount(options.Name) > ProtocolLimits.MaxStringBytes)
        {
            errors.Add("Tracker:Name must be 1 to 512 bytes.");
        }

        RequirePositive(errors, nameof(options.HeartbeatInterval), options.HeartbeatInterval);
        RequirePositive(errors, nameof(options.SessionTimeout), options.SessionTimeout);
        RequirePositive(errors, nameof(options.TicketLifetime), options.TicketLifetime);
        RequirePositive(errors, nameof(options.ReplyCacheLifetime), options.ReplyCacheLifetime);
        RequirePositive(errors, nameof(options.AuthExchangeLifetime), options.AuthExchangeLifetime);
        RequirePositive(errors, nameof(options.ThrottleBaseDelay), options.ThrottleBaseDelay);
        RequirePositive(errors, nameof(options.ThrottleMaxDelay), options.ThrottleMaxDelay);
        RequirePositive(errors, nameof(options.SweepInterval), options.SweepInterval);
        RequirePositive(errors, nameof(options.RegistrationWindow), options.RegistrationWindow);
        if (options.RegistrationLimit < 1)
        {
            errors.Add("Tracker:RegistrationLimit must be positive.");
        }

        RequirePositive(errors, nameof(options.CredentialsPollInterval), options.CredentialsPollInterval);
        RequirePositive(errors, nameof(options.BadDatagramLogInterval), options.BadDatagramLogInterval);
        if (options.RequestQueueCapacity is < 1 or > 1_000_000)
        {
            errors.Add($"Tracker:RequestQueueCapacity must be from 1 to 1000000, not {options.RequestQueueCapacity}.");
        }

        if (options.RequestWorkers is < 1 or > 64)
        {
            errors.Add($"Tracker:RequestWorkers must be from 1 to 64, not {options.RequestWorkers}.");
        }

        if (options.PrometheusPort is < 0 or > 65535)
        {
            errors.Add($"Tracker:PrometheusPort must be from 0 (off) to 65535, not {options.PrometheusPort}.");
        }

        if (options.PrometheusPort > 0 && string.IsNullOrWhiteSpace(options.PrometheusHost))
        {
            errors.Add("Tracker:PrometheusHost must name the host the metrics endpoint answers to, e.g. localhost.");
        }

        RequirePositive(errors, nameof(options.BusyRetryAfter), options.BusyRetryAfter);
        RequirePositive(errors, nameof(options.MaxQueueDelay), options.MaxQueueDelay);
        if (options.BusyRetryAfter.TotalMilliseconds > ProtocolLimits.MaxRetryAfterMs)
        {
            errors.Add($"Tracker:BusyRetryAfter must be at most {ProtocolLimits.MaxRetryAfterMs} ms.");
        }
        if (options.HeartbeatInterval.TotalMilliseconds > int.MaxValue || options.SessionTimeout.TotalMilliseconds > int.MaxValue)
        {
            errors.Add("Tracker:HeartbeatInterval and Tracker:SessionTimeout must be shorter than 24 days.");
        }

        if (options.ScramIterations < ProtocolLimits.MinScramIterations || options.ScramIterations > ProtocolLimits.MaxScramIterations)
        {
            errors.Add($"Tracker:ScramIterations must be from {ProtocolLimits.MinScramIterations} to {ProtocolLimits.MaxScramIterations}.");
        }

        if (options.ReplyCacheCapacity < 1 || options.ReplyCacheMaxBytes < 1 || options.MaxPendingAuthExchanges < 1 || options.SnapshotThreshold < 1 || options.BadDatagramLogLimit < 0)
        {
            errors.Add("Tracker:ReplyCacheCapacity, ReplyCacheMaxBytes, MaxPendingAuthExchanges and SnapshotThreshold must be positive.");
        }

        if (options.ThrottleFreeFailures < 0)
        {
            errors.Add("Tracker:ThrottleFreeFailures cannot be negative.");
        }

        if (string.IsNullOrWhiteSpace(options.CredentialsFile) || string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("Tracker:CredentialsFile and Tracker:DataDirectory must not be empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void RequirePositive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"Tracker:{key} must be a positive time span (for example 00:00:03), not {value}.");
        }
    }
}
