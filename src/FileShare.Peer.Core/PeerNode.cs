using FileShare.Peer.Core.Files;
using FileShare.Peer.Core.Tracker;
using FileShare.Peer.Core.Transfers;
using FileShare.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace FileShare.Peer.Core;

/// <summary>
/// The peer's application logic behind every command, shared by the plain line mode and the terminal UI.
/// It never touches a socket itself: the tracker session, file server and downloader do.
/// </summary>
internal sealed partial class PeerNode
{
    private readonly TrackerSession _session;
    private readonly ShareFolder _folder;
    private readonly HashCache _hashes;
    private readonly PublishedFiles _published;
    private readonly FileServer _fileServer;
    private readonly Downloader _downloader;
    private readonly RenameIntent _renameIntent;
    private readonly ILogger _logger;

    public PeerNode(
        TrackerSession session,
        ShareFolder folder,
        HashCache hashes,
        PublishedFiles published,
        FileServer fileServer,
        Downloader downloader,
        TransferRegistry transfers,
        ILogger<PeerNode> logger)
    {
        _session = session;
        _folder = folder;
        _hashes = hashes;
        _published = published;
        _fileServer = fileServer;
        _downloader = downloader;
        _renameIntent = new RenameIntent(folder);
        Transfers = transfers;
        _logger = logger;
        _fileServer.ContentChanged = RepublishChangedAsync;
    }

    public TransferRegistry Transfers { get; }

    public ShareFolder Folder => _folder;

    public TrackerSession Session => _session;

    public string? UserName => _session.Current?.UserName;

    public bool IsLoggedIn => _session.Current is not null;

    public int FileServerPort => _fileServer.Port;

    /// <summary>My publications as last seen (kept current after pub/unp).</summary>
    public IReadOnlyList<string> PublishedNames => _published.Snapshot();

    public async Task<LoginOutcome> LoginAsync(string user, string password, CancellationToken cancellationToken)
    {
        var outcome = await _session.LoginAsync(user, password, _fileServer.Port, cancellationToken).ConfigureAwait(false);
        if (outcome == LoginOutcome.Success)
        {
            // Serve what this user published before (publications survive logouts).
            var mine = await ListMyFilesAsync(cancellationToken).ConfigureAwait(false);
            _published.ReplaceAll(mine);
            RepairInterruptedRename(mine);
        }

        return outcome;
    }

    /// <summary>Hashes (or reuses the cached hash of) a file in the share folder and publishes it.</summary>
    /// <returns>Null on success, else the reason.</returns>
    public async Task<string?> PublishAsync(string name, IProgress<long>? hashingProgress, CancellationToken cancellationToken)
    {
        if (_folder.TryGetPath(name, out var nameError) is null)
        {
            return $"Invalid file name: {nameError}";
        }

        var path = _folder.ResolveExistingFile(name);
        if (path is null)
        {
            return $"File not found in share folder: {name}";
        }

        var fingerprint = await _hashes.GetAsync(name, path, hashingProgress, cancellationToken).ConfigureAwait(false);
        await _session.CallAsync<OkReply>(new PublishRequest(name, fingerprint.Size, fingerprint.Sha256), cancellationToken)
            .ConfigureAwait(false);
        _published.Add(name);
        return null;
    }

    /// <summary>Withdraws a publication; false when this user had not published it.</summary>
    public async Task<bool> UnpublishAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _session.CallAsync<OkReply>(new UnpublishRequest(name), cancellationToken).ConfigureAwait(false);
        }
        catch (TrackerErrorException ex) when (ex.Code is ErrorCode.NotPublished or ErrorCode.InvalidName)
        {
            return false;
        }

        _published.Remove(name);
        return true;
    }

    public Task<IReadOnlyList<string>> ListMyFilesAsync(CancellationToken cancellationToken) =>
        CollectPagesAsync(after => new ListMyFilesRequest(after), cancellationToken);

    public Task<IReadOnlyList<string>> ListActivePeersAsync(CancellationToken cancellationToken) =>
        CollectPagesAsync(after => new ListActivePeersRequest(after), cancellationToken);

    /// <summary>Active peers with the address and file-server port the tracker knows them by (lap -a).</summary>
    public async Task<IReadOnlyList<PeerEntry>> ListPeerAddressesAsync(CancellationToken cancellationToken)
    {
        var peers = new List<PeerEntry>();
        await _session.CollectPagesAsync<PeerListReply, PeerEntry>(
            after => new ListPeerAddressesRequest(after), reply => (reply.Peers, reply.More), peer => peer.UserName, peers, cancellationToken)
            .ConfigureAwait(false);
        return peers;
    }

    public Task<IReadOnlyList<string>> SearchAsync(string text, CancellationToken cancellationToken) =>
        CollectPagesAsync(after => new SearchRequest(text, after), cancellationToken);

    public Task<DownloadResult> DownloadAsync(string name, bool force, CancellationToken cancellationToken) =>
        _downloader.DownloadAsync(name, force, cancellationToken);

    /// <summary>Creates an account on the tracker (keys derived here), without logging in.</summary>
    public Task RegisterAsync(string user, string password, CancellationToken cancellationToken) =>
        _session.RegisterAsync(user, password, cancellationToken);

    /// <summary>Changes the password; false when the tracker refused.</summary>
    public Task<bool> ChangePasswordAsync(string oldPassword, string newPassword, CancellationToken cancellationToken) =>
        _session.ChangePasswordAsync(oldPassword, newPassword, cancellationToken);

    /// <summary>
    /// Renames a published file and its publication together. The tracker half goes first (it can refuse);
    /// if the local half then fails, the tracker half is undone, so the file is never lost or orphaned.
    /// </summary>
    /// <returns>Null on success, else the reason.</returns>
    public async Task<string?> RenameAsync(string oldName, string newName, CancellationToken cancellationToken)
    {
        if (_folder.TryGetPath(oldName, out var oldError) is not { } oldPath)
        {
            return $"Invalid file name: {oldError}";
        }

        if (_folder.TryGetPath(newName, out var newError) is not { } newPath)
        {
            return $"Invalid file name: {newError}";
        }

        if (!_published.Contains(oldName))
        {
            return $"File is not published: {oldName}";
        }

        if (_folder.ResolveExistingFile(oldName) is null)
        {
            return $"File not found in share folder: {oldName}";
        }

        if (File.Exists(newPath) || Directory.Exists(newPath))
        {
            return $"A file named {newName} already exists in the share folder";
        }

        _renameIntent.Record(oldName, newName);
        try
        {
            await _session.CallAsync<OkReply>(new RenameRequest(oldName, newName), cancellationToken).ConfigureAwait(false);
        }
        catch (TrackerErrorException ex)
        {
            _renameIntent.Clear();
            return ex.Code switch
            {
                ErrorCode.NotPublished => $"File is not published: {oldName}",
                ErrorCode.AlreadyExists => $"{newName} is already published",
                _ => ex.Message,
            };
        }

        try
        {
            File.Move(oldPath, newPath, overwrite: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await _session.CallAsync<OkReply>(new RenameRequest(newName, oldName), cancellationToken).ConfigureAwait(false);
            _renameIntent.Clear();
            return $"Could not rename the local file: {ex.Message}";
        }

        _renameIntent.Clear();
        _published.Remove(oldName);
        _published.Add(newName);
        _hashes.Rename(oldName, newName);
        return null;
    }

    /// <summary>
    /// Moves a publication to the new name of a file that was already renamed in the share folder (by the user, seen
    /// by <c>--share-all</c>): the tracker half of <see cref="RenameAsync"/>, and the local bookkeeping.
    /// </summary>
    /// <returns>Null on success, else the reason.</returns>
    public async Task<string?> FollowRenameAsync(string oldName, string newName, CancellationToken cancellationToken)
    {
        try
        {
            await _session.CallAsync<OkReply>(new RenameRequest(oldName, newName), cancellationToken).ConfigureAwait(false);
        }
        catch (TrackerErrorException ex)
        {
            return ex.Message;
        }

        _published.Remove(oldName);
        _published.Add(newName);
        _hashes.Rename(oldName, newName);
        return null;
    }

    /// <summary>Withdraws a publication (if any) and deletes the local file.</summary>
    /// <returns>Null on success, else the reason.</returns>
    public async Task<string?> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        if (_folder.TryGetPath(name, out var nameError) is not { } path)
        {
            return $"Invalid file name: {nameError}";
        }

        var unpublished = await UnpublishAsync(name, cancellationToken).ConfigureAwait(false);
        var local = _folder.ResolveExistingFile(name) is not null || File.Exists(path);
        if (!unpublished && !local)
        {
            return $"File not found: {name}";
        }

        if (local)
        {
            File.Delete(path);
            _hashes.Remove(name);
        }

        return null;
    }

    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await _session.LeaveAsync(cancellationToken).ConfigureAwait(false);
        _published.ReplaceAll([]);
    }

    private async Task<IReadOnlyList<string>> CollectPagesAsync(Func<string?, Message> request, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await _session.CollectPagesAsync<NameListReply, string>(request, reply => (reply.Names, reply.More), name => name, names, cancellationToken)
            .ConfigureAwait(false);
        return names;
    }

    private void RepairInterruptedRename(IReadOnlyList<string> published)
    {
        if (_renameIntent.Pending is not { } pending)
        {
            return;
        }

        // The tracker half happened but the local move did not: finish it.
        var oldPath = _folder.TryGetPath(pending.OldName, out _);
        var newPath = _folder.TryGetPath(pending.NewName, out _);
        if (oldPath is not null && newPath is not null && published.Contains(pending.NewName, StringComparer.Ordinal)
            && File.Exists(oldPath) && !File.Exists(newPath))
        {
            File.Move(oldPath, newPath, overwrite: false);
            _hashes.Rename(pending.OldName, pending.NewName);
            LogRenameRepaired(pending.OldName, pending.NewName);
        }

        _renameIntent.Clear();
    }

    private async Task RepublishChangedAsync(string name, FileFingerprint fingerprint, CancellationToken cancellationToken)
    {
        // A published file was edited: publish the new content so the tracker never points at stale bytes.
        try
        {
            await _session.CallAsync<OkReply>(new PublishRequest(name, fingerprint.Size, fingerprint.Sha256), cancellationToken)
                .ConfigureAwait(false);
            LogRepublished(name);
        }
        catch (Exception ex) when (ex is TrackerErrorException or TrackerUnavailableException or InvalidOperationException)
        {
            LogRepublishFailed(name, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Completed the interrupted rename of {OldName} to {NewName}")]
    private partial void LogRenameRepaired(string oldName, string newName);

    [LoggerMessage(Level = LogLevel.Information, Message = "{File} changed on disk; published its new content")]
    private partial void LogRepublished(string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{File} changed on disk but publishing the new content failed: {Reason}")]
    private partial void LogRepublishFailed(string file, string reason);
}
