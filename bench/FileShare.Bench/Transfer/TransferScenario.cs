using System.Diagnostics;
using System.Globalization;
using FileShare.Bench.Infrastructure;

namespace FileShare.Bench.Transfer;

/// <summary>
/// <c>transfer</c>: a large random file fetched with <c>get</c> between two real peer processes, alternating with the
/// plain-socket baseline, then small files fetched one after another.
/// </summary>
internal sealed class TransferScenario
{
    private const string LargeName = "large.bin";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);
    private readonly TransferSettings _settings;

    public TransferScenario(TransferSettings settings) => _settings = settings;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var work = new WorkDirectory(_settings.WorkDirectory, "transfer", _settings.Keep);
        var trackerDirectory = work.Sub("tracker");
        var publisherDirectory = work.Sub("publisher");
        var fetcherDirectory = work.Sub("fetcher");
        var baselineDirectory = work.Sub("baseline");
        await File.WriteAllLinesAsync(
            Path.Combine(trackerDirectory, "credentials.txt"), ["alice alice-password", "bob bob-password"], cancellationToken).ConfigureAwait(false);

        var source = Path.Combine(publisherDirectory, LargeName);
        Report.Line($"writing a {Report.Bytes(_settings.FileBytes)} random file in {work.Path}");
        await TestFiles.WriteRandomAsync(source, _settings.FileBytes, cancellationToken).ConfigureAwait(false);
        var digest = await TestFiles.Sha256Async(source, cancellationToken).ConfigureAwait(false);

        await using var tracker = await TrackerProcess.StartAsync(
            trackerDirectory, new Dictionary<string, string>(), cpus: null, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        await using var publisher = await PeerProcess.StartAsync(tracker.Port, publisherDirectory, "alice", "alice-password", cancellationToken)
            .ConfigureAwait(false);
        await using var fetcher = await PeerProcess.StartAsync(tracker.Port, fetcherDirectory, "bob", "bob-password", cancellationToken)
            .ConfigureAwait(false);
        await publisher.RunAsync($"pub {LargeName}", "File published successfully", CommandTimeout, cancellationToken).ConfigureAwait(false);

        var fileShareRates = new List<double>();
        var baselineRates = new List<double>();
        var ratios = new List<double>();
        for (var round = 1; round <= _settings.Rounds; round++)
        {
            // Alternate which goes first, so drift on a shared machine does not favour one side.
            double fileShare, baseline;
            if (round % 2 == 1)
            {
                fileShare = await FetchWithFileShareAsync(fetcher, fetcherDirectory, digest, cancellationToken).ConfigureAwait(false);
                baseline = await CopyWithBaselineAsync(source, baselineDirectory, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                baseline = await CopyWithBaselineAsync(source, baselineDirectory, cancellationToken).ConfigureAwait(false);
                fileShare = await FetchWithFileShareAsync(fetcher, fetcherDirectory, digest, cancellationToken).ConfigureAwait(false);
            }

            fileShareRates.Add(fileShare);
            baselineRates.Add(baseline);
            ratios.Add(fileShare / baseline);
            Report.Line(string.Create(
                CultureInfo.InvariantCulture,
                $"round {round}: FileShare {fileShare:0.0} MB/s, baseline {baseline:0.0} MB/s, ratio {fileShare / baseline:0.000}"));
        }

        var smallFilesPerSecond = await SmallFilesAsync(publisher, fetcher, publisherDirectory, fetcherDirectory, cancellationToken)
            .ConfigureAwait(false);

        Report.Heading("transfer results");
        Report.Row("file size", Report.Bytes(_settings.FileBytes));
        Report.Row("rounds", _settings.Rounds.ToString(CultureInfo.InvariantCulture));
        Report.Row("FileShare get (median)", Report.Rate(Percentiles.Median(fileShareRates), "MB/s"));
        Report.Row("baseline socket copy (median)", Report.Rate(Percentiles.Median(baselineRates), "MB/s")
            + (_settings.BaselineFlush ? " (flushed to disk, like the downloader)" : " (not flushed)"));
        Report.Row("ratio FileShare/baseline (median of rounds)", Percentiles.Median(ratios).ToString("0.000", CultureInfo.InvariantCulture));
        Report.Row($"small files ({Report.Bytes(_settings.SmallFileBytes)}, one after another)", Report.Rate(smallFilesPerSecond, "files/s"));
        return 0;
    }

    private async Task<double> FetchWithFileShareAsync(
        PeerProcess fetcher, string fetcherDirectory, byte[] digest, CancellationToken cancellationToken)
    {
        var target = Path.Combine(fetcherDirectory, LargeName);
        File.Delete(target);
        var started = Stopwatch.GetTimestamp();
        await fetcher.RunAsync($"get {LargeName}", $"{LargeName} downloaded successfully", CommandTimeout, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);

        // The downloader verified the SHA-256 while receiving; check independently, outside the timing.
        var actual = await TestFiles.Sha256Async(target, cancellationToken).ConfigureAwait(false);
        if (!actual.AsSpan().SequenceEqual(digest))
        {
            throw new InvalidOperationException("The downloaded file differs from the published one.");
        }

        return _settings.FileBytes / 1e6 / elapsed.TotalSeconds;
    }

    private async Task<double> CopyWithBaselineAsync(string source, string baselineDirectory, CancellationToken cancellationToken)
    {
        var target = Path.Combine(baselineDirectory, LargeName);
        File.Delete(target);
        var started = Stopwatch.GetTimestamp();
        await RawCopy.CopyAsync(source, target, _settings.BufferBytes, _settings.BaselineFlush, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (new FileInfo(target).Length != _settings.FileBytes)
        {
            throw new InvalidOperationException("The baseline copy has the wrong length.");
        }

        return _settings.FileBytes / 1e6 / elapsed.TotalSeconds;
    }

    private async Task<double> SmallFilesAsync(
        PeerProcess publisher, PeerProcess fetcher, string publisherDirectory, string fetcherDirectory, CancellationToken cancellationToken)
    {
        var names = Enumerable.Range(1, _settings.SmallFiles).Select(i => string.Create(CultureInfo.InvariantCulture, $"small-{i:D5}.dat")).ToList();
        Report.Line($"publishing {names.Count} small files");
        foreach (var name in names)
        {
            await TestFiles.WriteRandomAsync(Path.Combine(publisherDirectory, name), _settings.SmallFileBytes, cancellationToken).ConfigureAwait(false);
            await publisher.RunAsync($"pub {name}", "File published successfully", CommandTimeout, cancellationToken).ConfigureAwait(false);
        }

        var started = Stopwatch.GetTimestamp();
        foreach (var name in names)
        {
            await fetcher.RunAsync($"get {name}", $"{name} downloaded successfully", CommandTimeout, cancellationToken).ConfigureAwait(false);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        if (names.Any(name => new FileInfo(Path.Combine(fetcherDirectory, name)).Length != _settings.SmallFileBytes))
        {
            throw new InvalidOperationException("A small file arrived with the wrong length.");
        }

        return names.Count / elapsed.TotalSeconds;
    }
}
