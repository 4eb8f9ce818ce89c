using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using FileShare.Protocol.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Accounts;

/// <summary>
/// The accounts of credentials.txt. Loaded once at start (a missing file stops the tracker with exit code 2)
/// and re-read by <see cref="ReloadIfChanged"/> when the content changes; readers always see a complete set.
/// </summary>
internal sealed partial class CredentialStore
{
    private readonly ILogger<CredentialStore> _logger;
    private readonly int _iterations;
    private readonly Lock _reloadLock = new();
    private volatile IReadOnlyDictionary<string, Account> _accounts = new Dictionary<string, Account>(StringComparer.Ordinal);
    private byte[]? _contentHash;
    private bool _missingReported;
    private (long Length, DateTime WrittenUtc)? _lastStamp;
    private int _unchangedPolls;

    public CredentialStore(IOptions<TrackerOptions> options, ILogger<CredentialStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _iterations = options.Value.ScramIterations;
        FilePath = Path.GetFullPath(options.Value.CredentialsFile);
    }

    /// <summary>Full path of the credentials file.</summary>
    public string FilePath { get; }

    /// <summary>Whether <see cref="Load"/> has succeeded.</summary>
    public bool IsLoaded { get; private set; }

    /// <summary>Number of accounts loaded.</summary>
    public int Count => _accounts.Count;

    public bool TryGet(string userName, [NotNullWhen(true)] out ScramCredential? credential)
    {
        if (_accounts.TryGetValue(userName, out var account))
        {
            credential = account.Credential;
            return true;
        }

        credential = null;
        return false;
    }

    /// <summary>Whether the account exists (as last loaded).</summary>
    public bool Contains(string userName) => _accounts.ContainsKey(userName);

    /// <summary>
    /// Creates an account: appends its hashed line to the file (atomically, durable when this returns) and loads it.
    /// Decides on the file's current content, so an account an administrator just added counts even before the poll.
    /// </summary>
    /// <returns>False when the user already exists (nothing was written).</returns>
    /// <exception cref="IOException">The file could not be read or replaced; nothing changed.</exception>
    public bool TryAdd(string userName, ScramCredential credential)
    {
        lock (_reloadLock)
        {
            var content = CredentialFileWriter.Read(FilePath);
            if (CredentialFileEditor.Contains(content, userName))
            {
                Refresh(content);
                return false;
            }

            Save(CredentialFileEditor.Append(content, userName, credential), $"added {userName}");
            return true;
        }
    }

    /// <summary>Replaces an account's credential in the file (atomically, durable when this returns) and in memory.</summary>
    /// <returns>False when the user no longer exists (nothing was written).</returns>
    /// <exception cref="IOException">The file could not be read or replaced; nothing changed.</exception>
    public bool TryReplace(string userName, ScramCredential credential)
    {
        lock (_reloadLock)
        {
            var content = CredentialFileWriter.Read(FilePath);
            if (CredentialFileEditor.Replace(content, userName, credential) is not { } updated)
            {
                Refresh(content);
                return false;
            }

            Save(updated, $"changed the password of {userName}");
            return true;
        }
    }

    /// <summary>Loads the file, reporting malformed lines.</summary>
    /// <exception cref="TrackerStartupException">The file is missing or unreadable (exit code 2).</exception>
    public void Load()
    {
        string text;
        try
        {
            text = CredentialFileEditor.Decode(CredentialFileWriter.Read(FilePath));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TrackerStartupException(
                $"Credentials file not found: {FilePath}. Create it with one 'username password' per line, or pass --credentials FILE.", 2, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TrackerStartupException($"Cannot read credentials file {FilePath}: {ex.Message}", 2, ex);
        }

        lock (_reloadLock)
        {
            Apply(text, initial: true);
            IsLoaded = true;
        }
    }

    /// <summary>
    /// Polls with unchanged size and modification time that skip reading the file. Reading, decoding and hashing
    /// it at every poll made ~7 MB of large-object garbage every 2 s with 10,000 users, which grew the tracker by
    /// tens of megabytes and cost it full collections. Every so often it is read anyway, in case an edit kept both.
    /// </summary>
    private const int PollsBetweenFullChecks = 15;

    /// <summary>Re-reads the file when its content changed since the last load. Returns true when it reloaded.</summary>
    public bool ReloadIfChanged()
    {
        lock (_reloadLock)
        {
            var stamp = Stamp(FilePath);
            if (stamp is not null && stamp == _lastStamp && ++_unchangedPolls < PollsBetweenFullChecks)
            {
                return false;
            }

            _unchangedPolls = 0;
            string text;
            try
            {
                text = CredentialFileEditor.Decode(CredentialFileWriter.Read(FilePath));
                _missingReported = false;
                _lastStamp = stamp; // only after a successful read: a failed one is retried at the next poll
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (!_missingReported)
                {
                    _missingReported = true;
                    LogReloadFailed(_logger, FilePath, ex.Message, _accounts.Count);
                }

                return false;
            }

            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
            if (_contentHash is not null && hash.AsSpan().SequenceEqual(_contentHash))
            {
                return false;
            }

            Apply(text, initial: false);
            return true;
        }
    }

    private void Save(byte[] content, string change)
    {
        CredentialFileWriter.Replace(FilePath, content);

        // Load what was written, so the poll sees no change and never undoes this edit.
        var parsed = CredentialFileParser.Parse(CredentialFileEditor.Decode(content), _iterations, _accounts);
        _accounts = parsed.Accounts;
        _contentHash = SHA256.HashData(Encoding.UTF8.GetBytes(CredentialFileEditor.Decode(content)));
        LogSaved(_logger, FilePath, change, parsed.Accounts.Count);
    }

    private static (long Length, DateTime WrittenUtc)? Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : null;
    }

    private void Refresh(byte[] content)
    {
        var text = CredentialFileEditor.Decode(content);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        if (_contentHash is null || !hash.AsSpan().SequenceEqual(_contentHash))
        {
            Apply(text, initial: false);
        }
    }

    private void Apply(string text, bool initial)
    {
        var parsed = CredentialFileParser.Parse(text, _iterations, _accounts);
        foreach (var error in parsed.Errors)
        {
            LogMalformedLine(_logger, FilePath, error.LineNumber, error.Reason);
        }

        _accounts = parsed.Accounts;
        _contentHash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        if (initial)
        {
            LogLoaded(_logger, parsed.Accounts.Count, FilePath);
        }
        else
        {
            LogReloaded(_logger, parsed.Accounts.Count, FilePath);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}:{LineNumber}: skipped malformed line: {Reason}")]
    private static partial void LogMalformedLine(ILogger logger, string path, int lineNumber, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} users from {Path}")]
    private static partial void LogLoaded(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Credentials file changed: reloaded {Count} users from {Path}")]
    private static partial void LogReloaded(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Credentials file {Path}: {Change} ({Count} users)")]
    private static partial void LogSaved(ILogger logger, string path, string change, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot re-read credentials file {Path} ({Reason}); keeping the {Count} users loaded before")]
    private static partial void LogReloadFailed(ILogger logger, string path, string reason, int count);
}
