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
        Transfers = transfers;
        _logger = logger;
        _fileServer.ContentChanged += OnContentChanged;
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

    public Task<IReadOnlyList<string>> SearchAsync(string text, CancellationToken cancellationToken) =>
        CollectPagesAsync(after => new SearchRequest(text, after), cancellationToken);

    public Task<DownloadResult> DownloadAsync(string name, bool force, CancellationToken cancellationToken) =>
        _downloader.DownloadAsync(name, force, cancellationToken);

    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await _session.LeaveAsync(cancellationToken).ConfigureAwait(false);
        _published.ReplaceAll([]);
    }

    private async Task<IReadOnlyList<string>> CollectPagesAsync(Func<string?, Message> request, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await _session.CallAsync<NameListReply>(request(after), cancellationToken).ConfigureAwait(false);
            names.AddRange(page.Names);
            if (!page.More || page.Names.Count == 0)
            {
                return names;
            }

            after = page.Names[^1];
        }
    }

    private void OnContentChanged(string name, FileFingerprint fingerprint)
    {
        // A published file was edited: publish the new content so the tracker never points at stale bytes.
        _ = Task.Run(async () =>
        {
            try
            {
                await _session.CallAsync<OkReply>(new PublishRequest(name, fingerprint.Size, fingerprint.Sha256), CancellationToken.None)
                    .ConfigureAwait(false);
                LogRepublished(name);
            }
            catch (Exception ex) when (ex is TrackerErrorException or TrackerUnavailableException or InvalidOperationException)
            {
                LogRepublishFailed(name, ex.Message);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{File} changed on disk; published its new content")]
    private partial void LogRepublished(string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{File} changed on disk but publishing the new content failed: {Reason}")]
    private partial void LogRepublishFailed(string file, string reason);
}
