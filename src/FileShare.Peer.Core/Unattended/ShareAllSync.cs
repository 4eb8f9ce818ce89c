using FileShare.Peer.Core.Files;
using FileShare.Peer.Core.Tracker;
using Microsoft.Extensions.Logging;

namespace FileShare.Peer.Core.Unattended;

/// <summary>
/// Keeps the publications of <c>--share-all</c> equal to the files of the share folder. Each pass compares the
/// folder with the tracker's list of this user's publications: a file is published once it has kept its size and
/// write time for <see cref="UnattendedSettings.SettleTime"/> (a copy in progress is not), republished when it
/// changed, and its publication withdrawn when it is gone; a vanished file whose size and write time reappear under
/// another name was renamed, and its publication follows it. Not thread-safe: one pass at a time.
/// </summary>
internal sealed partial class ShareAllSync
{
    private readonly PeerNode _node;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, FileState> _published = new(StringComparer.Ordinal); // as it was when published
    private readonly Dictionary<string, FileState> _refused = new(StringComparer.Ordinal); // not tried again until changed
    private Dictionary<string, FileState> _lastScan = new(StringComparer.Ordinal);

    public ShareAllSync(PeerNode node, TimeProvider time, ILogger logger)
    {
        _node = node;
        _time = time;
        _logger = logger;
    }

    /// <summary>One pass. Tracker errors propagate (the caller retries); a file's own trouble is logged and skipped.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var scan = Scan(_node.Folder);
        var mine = (await _node.ListMyFilesAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var now = _time.GetUtcNow().UtcDateTime;

        var vanished = mine.Where(name => !scan.ContainsKey(name)).ToList();
        foreach (var (name, state) in scan)
        {
            var settled = _lastScan.TryGetValue(name, out var before) && before == state && now - state.LastWriteUtc >= UnattendedSettings.SettleTime;
            if (!settled || (mine.Contains(name) && _published.TryGetValue(name, out var published) && published == state)
                || (_refused.TryGetValue(name, out var refused) && refused == state))
            {
                continue;
            }

            if (!mine.Contains(name) && vanished.FirstOrDefault(old => _published.TryGetValue(old, out var was) && was == state) is { } oldName)
            {
                if (await _node.FollowRenameAsync(oldName, name, cancellationToken).ConfigureAwait(false) is { } renameError)
                {
                    LogFailed(name, renameError);
                    continue;
                }

                vanished.Remove(oldName);
                _published.Remove(oldName);
                _published[name] = state;
                LogRenamed(oldName, name);
                continue;
            }

            // Also a file published before this run: the hash cache makes that cheap, and the tracker takes an unchanged
            // publication as a no-op, while a file changed meanwhile gets its new hash published.
            string? error;
            try
            {
                error = await _node.PublishAsync(name, null, cancellationToken).ConfigureAwait(false);
            }
            catch (TrackerErrorException ex)
            {
                error = ex.Message;
            }

            if (error is not null)
            {
                _refused[name] = state;
                LogFailed(name, error);
                continue;
            }

            _refused.Remove(name);
            _published[name] = state;
            LogPublished(name);
        }

        foreach (var name in vanished)
        {
            await _node.UnpublishAsync(name, cancellationToken).ConfigureAwait(false);
            _published.Remove(name);
            LogUnpublished(name);
        }

        _lastScan = scan;
    }

    private static Dictionary<string, FileState> Scan(ShareFolder folder)
    {
        var files = new Dictionary<string, FileState>(StringComparer.Ordinal);
        foreach (var name in folder.ListFiles())
        {
            try
            {
                var info = new FileInfo(Path.Combine(folder.Root, name));
                files[name] = new FileState(info.Length, info.LastWriteTimeUtc);
            }
            catch (IOException)
            {
                // Gone between the listing and the look: the next pass sees it as it is.
            }
        }

        return files;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "share-all: published {Name}")]
    private partial void LogPublished(string name);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "share-all: {Name} is gone; publication withdrawn")]
    private partial void LogUnpublished(string name);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "share-all: {OldName} was renamed {NewName}; its publication follows")]
    private partial void LogRenamed(string oldName, string newName);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "share-all: {Name} not published: {Reason}")]
    private partial void LogFailed(string name, string reason);
}
