using Microsoft.Extensions.Options;

namespace FileShare.Peer.Core;

/// <summary>Rejects peer settings the peer cannot work with, naming the key and the reason.</summary>
internal sealed class PeerOptionsValidator : IValidateOptions<PeerOptions>
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Peer";

    public ValidateOptionsResult Validate(string? name, PeerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.TrackerPort is < 1 or > 65535)
        {
            errors.Add($"Peer:TrackerPort must be from 1 to 65535, not {options.TrackerPort}.");
        }

        if (options.FileServerPort is < 0 or > 65535)
        {
            errors.Add($"Peer:FileServerPort must be from 0 to 65535, not {options.FileServerPort}.");
        }

        if (string.IsNullOrWhiteSpace(options.ShareDirectory))
        {
            errors.Add("Peer:ShareDirectory must not be empty.");
        }

        RequirePositive(errors, nameof(options.RequestTimeout), options.RequestTimeout);
        RequirePositive(errors, nameof(options.BusyRetryLimit), options.BusyRetryLimit);
        RequirePositive(errors, nameof(options.DiscoveryTimeout), options.DiscoveryTimeout);
        RequirePositive(errors, nameof(options.StallTimeout), options.StallTimeout);
        RequirePositive(errors, nameof(options.ConnectTimeout), options.ConnectTimeout);
        if (options.UploadGracePeriod < TimeSpan.Zero)
        {
            errors.Add("Peer:UploadGracePeriod must not be negative.");
        }

        if (options.RequestAttempts < 1)
        {
            errors.Add($"Peer:RequestAttempts must be positive, not {options.RequestAttempts}.");
        }

        if (options.MaxConcurrentUploads < 1)
        {
            errors.Add($"Peer:MaxConcurrentUploads must be positive, not {options.MaxConcurrentUploads}.");
        }

        if (options.MaxDownloadBytesPerSecond < 0)
        {
            errors.Add("Peer:MaxDownloadBytesPerSecond must be 0 (no cap) or positive.");
        }

        if (options.TransferBufferBytes is < 4096 or > 64 << 20)
        {
            errors.Add($"Peer:TransferBufferBytes must be from 4096 to 67108864, not {options.TransferBufferBytes}.");
        }

        if (options.DirectWriteMinBytes < 0)
        {
            errors.Add("Peer:DirectWriteMinBytes must be 0 (never) or positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void RequirePositive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"Peer:{key} must be positive.");
        }
    }
}
