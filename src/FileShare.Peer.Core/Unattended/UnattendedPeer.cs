using FileShare.Peer.Core.Tracker;
using Microsoft.Extensions.Logging;

namespace FileShare.Peer.Core.Unattended;

/// <summary>
/// <c>fileshare-peer --serve</c>: a peer with no terminal that stays logged in and keeps its files served. It logs
/// in, and again whenever it finds itself logged out (a tracker restart: the session's own re-login usually gets
/// there first), with a growing wait while the tracker is away; every <see cref="UnattendedSettings.RescanInterval"/>
/// it checks the session with a signed request, and with <c>--share-all</c> keeps the share folder published
/// (<see cref="ShareAllSync"/>), woken early by a file-system watcher. It leaves the tracker when stopped.
/// </summary>
internal sealed partial class UnattendedPeer
{
    private readonly PeerNode _node;
    private readonly TimeProvider _time;
    private readonly ILogger<UnattendedPeer> _logger;

    public UnattendedPeer(PeerNode node, TimeProvider time, ILogger<UnattendedPeer> logger)
    {
        _node = node;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (SIGTERM, Ctrl+C); returns the exit code.</summary>
    public async Task<int> RunAsync(UnattendedSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sync = settings.ShareAll ? new ShareAllSync(_node, _time, _logger) : null;
        using var changed = new SemaphoreSlim(0);
        using var watcher = settings.ShareAll ? Watch(_node.Folder.Root, changed) : null;
        var backoff = TimeSpan.FromSeconds(1);
        LogServing(settings.UserName, _node.Folder.Root, _node.FileServerPort, settings.ShareAll);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = UnattendedSettings.RescanInterval;
                try
                {
                    if (!_node.IsLoggedIn)
                    {
                        var outcome = await _node.LoginAsync(settings.UserName, settings.Password, cancellationToken).ConfigureAwait(false);
                        if (outcome != LoginOutcome.Success)
                        {
                            // Refused may be our own previous session, still active until it times out: try again later.
                            LogLoginFailed(settings.UserName, outcome);
                            wait = Grow(ref backoff);
                            await WaitAsync(changed, wait, cancellationToken).ConfigureAwait(false);
                            continue;
                        }

                        LogLoggedIn(settings.UserName);
                        backoff = TimeSpan.FromSeconds(1);
                    }

                    if (sync is not null)
                    {
                        await sync.RunOnceAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        // A signed request: if the tracker forgot us (it restarted), the session logs in again here.
                        await _node.ListMyFilesAsync(cancellationToken).ConfigureAwait(false);
                    }

                    backoff = TimeSpan.FromSeconds(1);
                }
                catch (TrackerUnavailableException)
                {
                    LogTrackerAway();
                    wait = Grow(ref backoff);
                }
                catch (TrackerErrorException ex)
                {
                    LogTrackerRefused(ex.Message);
                    wait = Grow(ref backoff);
                }

                await WaitAsync(changed, wait, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        if (_node.IsLoggedIn)
        {
            using var leaving = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _node.LeaveAsync(leaving.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TrackerUnavailableException or OperationCanceledException)
            {
                LogLeaveFailed(ex);
            }
        }

        LogStopped();
        return 0;
    }

    private static TimeSpan Grow(ref TimeSpan backoff)
    {
        var wait = backoff;
        backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, UnattendedSettings.MaxLoginBackoff.Ticks));
        return wait;
    }

    private async Task WaitAsync(SemaphoreSlim changed, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            await changed.WaitAsync(timeout.Token).ConfigureAwait(false);

            // Let a burst of changes (a copy, a move of many files) settle into one pass.
            await Task.Delay(TimeSpan.FromMilliseconds(200), _time, cancellationToken).ConfigureAwait(false);
            while (changed.CurrentCount > 0)
            {
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    // The watcher only wakes the loop early; the periodic rescan is what is relied on (watchers miss events).
    private static FileSystemWatcher Watch(string root, SemaphoreSlim changed)
    {
        var watcher = new FileSystemWatcher(root)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        void Wake(object sender, FileSystemEventArgs e) => changed.Release();
        watcher.Created += Wake;
        watcher.Changed += Wake;
        watcher.Deleted += Wake;
        watcher.Renamed += (sender, e) => changed.Release();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    [LoggerMessage(EventId = 1310, Level = LogLevel.Information,
        Message = "Serving as {User} from {Folder} (file server on TCP port {Port}); share-all: {ShareAll}")]
    private partial void LogServing(string user, string folder, int port, bool shareAll);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Information, Message = "Logged in as {User}")]
    private partial void LogLoggedIn(string user);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Login as {User} failed ({Outcome}); trying again")]
    private partial void LogLoginFailed(string user, LoginOutcome outcome);

    [LoggerMessage(EventId = 1313, Level = LogLevel.Warning, Message = "Tracker not responding; trying again")]
    private partial void LogTrackerAway();

    [LoggerMessage(EventId = 1316, Level = LogLevel.Warning, Message = "The tracker refused a request: {Reason}; trying again")]
    private partial void LogTrackerRefused(string reason);

    [LoggerMessage(EventId = 1314, Level = LogLevel.Warning, Message = "Could not leave the tracker at the stop")]
    private partial void LogLeaveFailed(Exception exception);

    [LoggerMessage(EventId = 1315, Level = LogLevel.Information, Message = "Stopped")]
    private partial void LogStopped();
}
