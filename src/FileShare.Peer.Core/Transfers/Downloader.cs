using System.Collections.Concurrent;
using System.Net.Sockets;
using FileShare.Peer.Core.Diagnostics;
using FileShare.Peer.Core.Files;
using FileShare.Peer.Core.Tracker;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Transfer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Peer.Core.Transfers;

/// <summary>
/// <c>get</c>: asks the tracker for publishers, fetches from them in turn into a partial file while hashing,
/// resumes from the part's length after any interruption, and moves the file into place only once verified.
/// </summary>
internal sealed partial class Downloader
{
    private const int Rounds = 2;

    private readonly PeerOptions _options;
    private readonly ShareFolder _folder;
    private readonly HashCache _hashes;
    private readonly TrackerSession _session;
    private readonly TransferRegistry _transfers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PeerMetrics? _metrics;
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    public Downloader(
        IOptions<PeerOptions> options,
        ShareFolder folder,
        HashCache hashes,
        TrackerSession session,
        TransferRegistry transfers,
        TimeProvider time,
        ILogger<Downloader> logger,
        PeerMetrics? metrics = null)
    {
        _options = options.Value;
        _folder = folder;
        _hashes = hashes;
        _session = session;
        _transfers = transfers;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>Downloads <paramref name="name"/>; with <paramref name="force"/>, a differing local file is replaced.</summary>
    public async Task<DownloadResult> DownloadAsync(string name, bool force, CancellationToken cancellationToken)
    {
        var finalPath = _folder.TryGetPath(name, out var nameError);
        if (finalPath is null)
        {
            return new DownloadResult(DownloadOutcome.InvalidName, $"Invalid file name: {nameError}");
        }

        if (!_running.TryAdd(name, 0))
        {
            return new DownloadResult(DownloadOutcome.AlreadyDownloading, $"{name} is already being downloaded");
        }

        var progress = _transfers.Start(TransferDirection.Download, name);
        try
        {
            var result = await DownloadCoreAsync(name, finalPath, force, progress, cancellationToken).ConfigureAwait(false);
            _transfers.Finish(
                progress,
                result.Outcome is DownloadOutcome.Downloaded or DownloadOutcome.AlreadyPresent ? TransferState.Done : TransferState.Failed,
                result.Reason);
            return result;
        }
        catch (Exception ex)
        {
            _transfers.Finish(progress, TransferState.Failed, ex.Message);
            throw;
        }
        finally
        {
            _running.TryRemove(name, out _);
        }
    }

    private async Task<DownloadResult> DownloadCoreAsync(
        string name, string finalPath, bool force, TransferProgress progress, CancellationToken cancellationToken)
    {
        var failures = new List<CandidateFailure>();
        for (var round = 0; round < Rounds; round++)
        {
            progress.State = TransferState.Connecting;
            var candidates = await GetCandidatesAsync(name, cancellationToken).ConfigureAwait(false);
            if (candidates.Count == 0)
            {
                return new DownloadResult(DownloadOutcome.NotFound, "File not found");
            }

            var local = await CheckLocalFileAsync(name, finalPath, candidates, force, cancellationToken).ConfigureAwait(false);
            if (local is not null)
            {
                return local;
            }

            var madeProgress = false;
            foreach (var group in OrderByAgreement(candidates))
            {
                var part = new PartialDownload(_folder.PartialDirectory, name);
                foreach (var candidate in group)
                {
                    var held = part.PrepareFor(candidate.Size, candidate.Sha256);
                    if (failures.Count > 0)
                    {
                        progress.State = TransferState.Resuming;
                    }

                    var attempt = await TryCandidateAsync(name, candidate, part, held, progress, cancellationToken).ConfigureAwait(false);
                    if (attempt.Kind == AttemptKind.Verified)
                    {
                        return Finish(name, finalPath, part, candidate, force);
                    }

                    // Bytes moved, or a publisher that just republished changed content: a fresh round can succeed.
                    madeProgress |= attempt.BytesReceived > 0 || attempt.Kind == AttemptKind.Republished;
                    failures.Add(new CandidateFailure(candidate.UserName, attempt.Kind, attempt.Reason));
                    LogCandidateFailed(name, candidate.UserName, attempt.Kind, attempt.Reason);
                }
            }

            // Only a round that made progress earns another (tickets may have expired, content may have been republished).
            if (!madeProgress)
            {
                break;
            }
        }

        return new DownloadResult(DownloadOutcome.Failed, $"Download of {name} failed: {Summarize(failures)}");
    }

    private async Task<List<FileCandidate>> GetCandidatesAsync(string name, CancellationToken cancellationToken)
    {
        var all = new List<FileCandidate>();
        try
        {
            await _session.CollectPagesAsync<FileCandidatesReply, FileCandidate>(
                after => new GetFileRequest(name, after), reply => (reply.Candidates, reply.More), candidate => candidate.UserName, all, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TrackerErrorException ex) when (ex.Code == ErrorCode.NotFound)
        {
            // Nobody (or nobody any more) publishes it: the candidates gathered so far are all there are.
        }

        return all;
    }

    private async Task<DownloadResult?> CheckLocalFileAsync(
        string name, string finalPath, List<FileCandidate> candidates, bool force, CancellationToken cancellationToken)
    {
        if (!File.Exists(finalPath) && !Directory.Exists(finalPath))
        {
            return null;
        }

        var real = _folder.ResolveExistingFile(name);
        if (real is null)
        {
            return new DownloadResult(DownloadOutcome.LocalFileDiffers, $"{name} exists in the share folder but is not a regular file there");
        }

        var local = await _hashes.GetAsync(name, real, null, cancellationToken).ConfigureAwait(false);
        if (candidates.Any(c => c.Sha256.AsSpan().SequenceEqual(local.Sha256)))
        {
            return new DownloadResult(DownloadOutcome.AlreadyPresent);
        }

        return force
            ? null
            : new DownloadResult(
                DownloadOutcome.LocalFileDiffers,
                $"Local file {name} differs from the published one; use get -f {name} to replace it");
    }

    // Publishers that agree on the content come first, the largest agreeing group leading.
    private static IEnumerable<List<FileCandidate>> OrderByAgreement(List<FileCandidate> candidates) =>
        candidates
            .GroupBy(c => (Convert.ToHexStringLower(c.Sha256), c.Size))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.Item1, StringComparer.Ordinal)
            .Select(g => g.ToList());

    private async Task<AttemptResult> TryCandidateAsync(
        string name, FileCandidate candidate, PartialDownload part, long held, TransferProgress progress, CancellationToken cancellationToken)
    {
        progress.Peer = candidate.UserName;
        progress.Total = candidate.Size;
        progress.ResumedFrom = held;
        progress.SetDone(held);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectTimeout.CancelAfter(_options.ConnectTimeout);
                try
                {
                    await socket.ConnectAsync(candidate.Address, candidate.Port, connectTimeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return new AttemptResult(AttemptKind.Unreachable, "connection timed out", 0);
                }
            }

            await using var stream = new NetworkStream(socket, ownsSocket: false);
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stall.CancelAfter(_options.StallTimeout);
            var session = _session.Current ?? throw new TrackerErrorException(ErrorCode.NotAuthenticated, "Not logged in");
            var request = new TransferRequest(name, held, session.UserName, candidate.Sha256, candidate.TicketExpiresUnixMs, candidate.Ticket);
            await stream.WriteAsync(TransferFraming.EncodeRequest(request), stall.Token).ConfigureAwait(false);
            var response = TransferFraming.DecodeResponse(await FrameIO.ReadFrameAsync(stream, stall.Token).ConfigureAwait(false));
            if (response.Status == TransferStatus.ContentChanged)
            {
                return new AttemptResult(AttemptKind.Republished, $"{response.Status}: {response.Text}", 0);
            }

            if (response.Status != TransferStatus.Ok)
            {
                return new AttemptResult(AttemptKind.Refused, $"{response.Status}: {response.Text}", 0);
            }

            if (response.Size != candidate.Size || !response.Sha256!.AsSpan().SequenceEqual(candidate.Sha256))
            {
                return new AttemptResult(AttemptKind.Refused, "publisher offers other content than the tracker announced", 0);
            }

            progress.State = TransferState.Transferring;
            var outcome = await ReceiveAsync(stream, part, held, candidate, progress, stall, cancellationToken).ConfigureAwait(false);
            return outcome;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(AttemptKind.Stalled, $"no data for {_options.StallTimeout.TotalSeconds:0} s", progress.Done - held);
        }
        catch (Exception ex) when (ex is SocketException or IOException or EndOfStreamException or ProtocolException)
        {
            return new AttemptResult(AttemptKind.Unreachable, ex.Message, progress.Done - held);
        }
    }

    private async Task<AttemptResult> ReceiveAsync(
        NetworkStream stream,
        PartialDownload part,
        long held,
        FileCandidate candidate,
        TransferProgress progress,
        CancellationTokenSource stall,
        CancellationToken cancellationToken)
    {
        var chunk = _options.MaxDownloadBytesPerSecond > 0
            ? (int)Math.Clamp(_options.MaxDownloadBytesPerSecond / 10, 1, _options.TransferBufferBytes)
            : _options.TransferBufferBytes;
        var remaining = candidate.Size - held;
        PartFileSink? sink = null;
        try
        {
            sink = await PartFileSink.OpenAsync(
                part.PartPath, held, chunk, remaining, _options.DirectWriteMinBytes, bytes => progress.AddDone(bytes), cancellationToken).ConfigureAwait(false);
            var started = _time.GetTimestamp();
            long received = 0;

            // The socket fills the next free buffer while the sink writes and hashes the ones before it.
            while (remaining > 0)
            {
                var (index, buffer) = await sink.RentAsync(cancellationToken).ConfigureAwait(false);
                int read;
                try
                {
                    read = await FillAsync(stream, buffer[..(int)Math.Min(chunk, remaining)], stall).ConfigureAwait(false);
                }
                catch
                {
                    sink.Abandon(index);
                    await CompleteQuietlyAsync(sink).ConfigureAwait(false);
                    throw;
                }

                if (read == 0)
                {
                    await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
                    return new AttemptResult(AttemptKind.Unreachable, "publisher closed the connection early", sink.Written);
                }

                sink.Submit(index, read);
                remaining -= read;
                received += read;
                await ThrottleAsync(received, started, cancellationToken).ConfigureAwait(false);
            }

            await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
            progress.State = TransferState.Verifying;
            if (!sink.FlushAndVerify(candidate.Sha256))
            {
                await sink.DisposeAsync().ConfigureAwait(false);
                part.Discard();
                _metrics?.VerificationFailed();
                return new AttemptResult(AttemptKind.HashMismatch, "content did not match its SHA-256", sink.Written);
            }

            return new AttemptResult(AttemptKind.Verified, "", sink.Written);
        }
        catch (Exception ex) when (ex is IOException or SocketException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            // ArgumentOutOfRangeException: .NET's mapping of EFBIG (file too large for the file system) on Unix.
            return new AttemptResult(AttemptKind.Unreachable, ex.Message, sink?.Written ?? 0);
        }
        finally
        {
            if (sink is not null)
            {
                await sink.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // Chunks already received are still written (a resume starts after them); a write failure is reported by the
    // exception the caller is already handling.
    private static async Task CompleteQuietlyAsync(PartFileSink sink)
    {
        try
        {
            await sink.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The receive failure being unwound is the one to report.
        catch (Exception)
#pragma warning restore CA1031
        {
            // The receive failure wins.
        }
    }

    // Whole chunks, not whatever the socket holds at the moment: each chunk costs a disk write and a hash call,
    // so a few hundred whole chunks per GiB beat tens of thousands of small reads. A short count means end of stream.
    // The stall timer restarts with every byte that arrives, so a slow but moving transfer is never cut.
    private async Task<int> FillAsync(NetworkStream stream, Memory<byte> chunk, CancellationTokenSource stall)
    {
        var total = 0;
        while (total < chunk.Length)
        {
            stall.CancelAfter(_options.StallTimeout);
            var read = await stream.ReadAsync(chunk[total..], stall.Token).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private async Task ThrottleAsync(long received, long started, CancellationToken cancellationToken)
    {
        if (_options.MaxDownloadBytesPerSecond <= 0)
        {
            return;
        }

        var due = TimeSpan.FromSeconds((double)received / _options.MaxDownloadBytesPerSecond);
        var ahead = due - _time.GetElapsedTime(started);
        if (ahead > TimeSpan.Zero)
        {
            await Task.Delay(ahead, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private DownloadResult Finish(string name, string finalPath, PartialDownload part, FileCandidate candidate, bool force)
    {
        if (!force && File.Exists(finalPath))
        {
            // Appeared while we downloaded: never replace it silently. The verified part stays for a forced get.
            return new DownloadResult(
                DownloadOutcome.LocalFileDiffers,
                $"Local file {name} appeared during the download; use get -f {name} to replace it");
        }

        // The part was fsynced before this rename. Should a crash lose the rename, the next get finds the
        // complete part, verifies it and finishes without transferring, so no directory fsync is needed here.
        File.Move(part.PartPath, finalPath, overwrite: force);
        File.Delete(part.MetaPath);
        var info = new FileInfo(finalPath);
        _hashes.Store(name, new FileFingerprint(info.Length, info.LastWriteTimeUtc.Ticks, candidate.Sha256));
        LogDownloaded(name, candidate.UserName, candidate.Size);
        return new DownloadResult(DownloadOutcome.Downloaded);
    }

    private static string Summarize(List<CandidateFailure> failures)
    {
        if (failures.Count == 0)
        {
            return "no source could be tried";
        }

        if (failures.All(f => f.Kind == AttemptKind.HashMismatch))
        {
            return "verification failed on every source";
        }

        if (failures.All(f => f.Kind is AttemptKind.Unreachable or AttemptKind.Stalled))
        {
            return "all sources unreachable";
        }

        var last = failures[^1];
        return $"no source delivered a verified copy (last: {last.User}: {last.Reason})";
    }

    private enum AttemptKind
    {
        Verified,
        Refused,
        Unreachable,
        Stalled,
        HashMismatch,
        Republished,
    }

    private sealed record AttemptResult(AttemptKind Kind, string Reason, long BytesReceived);

    private sealed record CandidateFailure(string User, AttemptKind Kind, string Reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Download of {File} from {User} failed ({Kind}): {Reason}")]
    private partial void LogCandidateFailed(string file, string user, AttemptKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Downloaded {File} from {User} ({Size} bytes), verified")]
    private partial void LogDownloaded(string file, string user, long size);
}
