using System.Buffers;
using System.Net;
using System.Net.Sockets;
using FileShare.Peer.Core.Files;
using FileShare.Peer.Core.Tracker;
using FileShare.Protocol;
using FileShare.Protocol.Security;
using FileShare.Protocol.Transfer;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Peer.Core.Transfers;

/// <summary>
/// The TCP file server: serves this user's published files to holders of a valid ticket, each download on
/// its own task. Every refusal is a status in the response header, never file data.
/// </summary>
internal sealed partial class FileServer : IHostedService, IAsyncDisposable
{
    private const int SendChunkBytes = 8 << 20;

    private readonly PeerOptions _options;
    private readonly ShareFolder _folder;
    private readonly HashCache _hashes;
    private readonly PublishedFiles _published;
    private readonly TrackerSession _session;
    private readonly TransferRegistry _transfers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abortUploads = new();
    private readonly Lock _connectionsLock = new();
    private readonly HashSet<Task> _connections = [];
    private Socket? _listener;
    private Task? _acceptLoop;

    public FileServer(
        IOptions<PeerOptions> options,
        ShareFolder folder,
        HashCache hashes,
        PublishedFiles published,
        TrackerSession session,
        TransferRegistry transfers,
        TimeProvider time,
        ILogger<FileServer> logger)
    {
        _options = options.Value;
        _folder = folder;
        _hashes = hashes;
        _published = published;
        _session = session;
        _transfers = transfers;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Called when a published file changed on disk since it was published (with its new fingerprint); awaited
    /// before the refusal is sent, so the downloader's next question to the tracker already sees the new content.
    /// </summary>
    public Func<string, FileFingerprint, CancellationToken, Task>? ContentChanged { get; set; }

    /// <summary>The bound TCP port (valid after start).</summary>
    public int Port { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = CreateListener(_options.FileServerPort);
        _listener.Listen(512);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        LogListening(Port);
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        Task[] running;
        lock (_connectionsLock)
        {
            running = [.. _connections];
        }

        // Let in-flight uploads finish, but not forever.
        var all = Task.WhenAll(running);
        try
        {
            await all.WaitAsync(_options.UploadGracePeriod, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogCuttingUploads(running.Length);
            await _abortUploads.CancelAsync().ConfigureAwait(false);
            await all.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (OperationCanceledException)
        {
            await _abortUploads.CancelAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _listener = null;
        _stopping.Dispose();
        _abortUploads.Dispose();
    }

    private static Socket CreateListener(int port)
    {
        if (Socket.OSSupportsIPv6)
        {
            try
            {
                var dual = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
                dual.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                return dual;
            }
            catch (SocketException)
            {
                // IPv6 disabled on this host: fall back to IPv4 below.
            }
        }

        var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        v4.Bind(new IPEndPoint(IPAddress.Any, port));
        return v4;
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                LogAcceptFailed(ex.SocketErrorCode);
                continue;
            }

            var task = Task.Run(() => ServeAsync(client, _abortUploads.Token), CancellationToken.None);
            lock (_connectionsLock)
            {
                _connections.Add(task);
            }

            _ = task.ContinueWith(
                finished =>
                {
                    lock (_connectionsLock)
                    {
                        _connections.Remove(finished);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        var remote = client.RemoteEndPoint?.ToString() ?? "?";
        client.NoDelay = true;
        await using var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            TransferRequest request;
            using (var headerTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                headerTimeout.CancelAfter(_options.StallTimeout);
                try
                {
                    request = TransferFraming.DecodeRequest(await FrameIO.ReadFrameAsync(stream, headerTimeout.Token).ConfigureAwait(false));
                }
                catch (ProtocolException ex)
                {
                    await RefuseAsync(stream, TransferStatus.BadRequest, ex.Message, remote, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }

            if (_transfers.ActiveUploads >= _options.MaxConcurrentUploads)
            {
                await RefuseAsync(stream, TransferStatus.Unavailable, "Too many uploads at once", remote, cancellationToken).ConfigureAwait(false);
                return;
            }

            var (status, reason, path, fingerprint) = await CheckAsync(request, cancellationToken).ConfigureAwait(false);
            if (status != TransferStatus.Ok)
            {
                await RefuseAsync(stream, status, reason, remote, cancellationToken).ConfigureAwait(false);
                return;
            }

            await SendFileAsync(stream, request, path!, fingerprint!, remote, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException or OperationCanceledException)
        {
            LogConnectionEnded(remote, ex.Message);
        }
    }

    private async Task<(TransferStatus Status, string Reason, string? Path, FileFingerprint? Fingerprint)> CheckAsync(
        TransferRequest request, CancellationToken cancellationToken)
    {
        if (NameRules.CheckFileName(request.FileName) is { } nameError)
        {
            return (TransferStatus.InvalidName, nameError, null, null);
        }

        if (!_published.Contains(request.FileName))
        {
            return (TransferStatus.NotFound, "Not published by this peer", null, null);
        }

        var path = _folder.ResolveExistingFile(request.FileName);
        if (path is null)
        {
            return (TransferStatus.NotFound, "File no longer in the share folder", null, null);
        }

        if (!TicketIsValid(request))
        {
            return (TransferStatus.InvalidTicket, "Missing, forged or expired ticket", null, null);
        }

        var fingerprint = await _hashes.GetAsync(request.FileName, path, null, cancellationToken).ConfigureAwait(false);
        if (!fingerprint.Sha256.AsSpan().SequenceEqual(request.Sha256))
        {
            if (ContentChanged is { } republish)
            {
                await republish(request.FileName, fingerprint, cancellationToken).ConfigureAwait(false);
            }

            return (TransferStatus.ContentChanged, "The file changed since it was published", null, null);
        }

        if (request.Offset > fingerprint.Size)
        {
            return (TransferStatus.InvalidOffset, "Offset is beyond the end of the file", null, null);
        }

        return (TransferStatus.Ok, "", path, fingerprint);
    }

    private bool TicketIsValid(TransferRequest request)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var key in new[] { _session.Current?.TicketKey, _session.PreviousTicketKey })
        {
            if (key is not null && DownloadTicket.Verify(
                key, request.Requester, request.FileName, request.Sha256, request.TicketExpiresUnixMs, request.Ticket, now))
            {
                return true;
            }
        }

        return false;
    }

    private async Task SendFileAsync(
        NetworkStream stream, TransferRequest request, string path, FileFingerprint fingerprint, string remote, CancellationToken cancellationToken)
    {
        var progress = _transfers.Start(TransferDirection.Upload, request.FileName);
        progress.Peer = request.Requester;
        progress.Total = fingerprint.Size;
        progress.ResumedFrom = request.Offset;
        progress.SetDone(request.Offset);
        progress.State = TransferState.Transferring;
        LogUploadStarted(request.FileName, request.Requester, remote, request.Offset);
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, System.IO.FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
            await stream.WriteAsync(
                TransferFraming.EncodeResponse(new TransferResponse(TransferStatus.Ok, fingerprint.Size, fingerprint.Sha256, "")),
                cancellationToken).AsTask().WaitAsync(_options.StallTimeout, _time, cancellationToken).ConfigureAwait(false);

            // Zero-copy chunks: each one is a single sendfile, small enough for live progress and stall detection.
            var offset = request.Offset;
            var end = Math.Min(fingerprint.Size, new FileInfo(path).Length);
            while (offset < end)
            {
                var count = (int)Math.Min(SendChunkBytes, end - offset);
                await SocketFileSender.SendAsync(stream.Socket, file, offset, count)
                    .WaitAsync(_options.StallTimeout, _time, cancellationToken).ConfigureAwait(false);
                offset += count;
                progress.AddDone(count);
            }

            _transfers.Finish(progress, TransferState.Done);
            LogUploadFinished(request.FileName, request.Requester);
        }
        catch (TimeoutException)
        {
            _transfers.Finish(progress, TransferState.Failed, "the downloader stopped reading");
            stream.Socket.Dispose(); // ends a send still pending
            throw new IOException($"No progress for {_options.StallTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            _transfers.Finish(progress, TransferState.Failed, ex.Message);
            throw;
        }
    }

    private async Task RefuseAsync(Stream stream, TransferStatus status, string reason, string remote, CancellationToken cancellationToken)
    {
        LogRefused(remote, status, reason);
        await stream.WriteAsync(TransferFraming.EncodeResponse(new TransferResponse(status, 0, null, reason)), cancellationToken)
            .ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "File server listening on TCP port {Port}")]
    private partial void LogListening(int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cutting {Count} upload(s) still running after the grace period")]
    private partial void LogCuttingUploads(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accept failed: {Error}")]
    private partial void LogAcceptFailed(SocketError error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection from {Remote} ended: {Reason}")]
    private partial void LogConnectionEnded(string remote, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Uploading {File} to {User} at {Remote} from offset {Offset}")]
    private partial void LogUploadStarted(string file, string user, string remote, long offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload of {File} to {User} finished")]
    private partial void LogUploadFinished(string file, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Remote}: {Status} ({Reason})")]
    private partial void LogRefused(string remote, TransferStatus status, string reason);
}
