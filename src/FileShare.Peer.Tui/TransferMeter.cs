using FileShare.Peer.Core.Transfers;

namespace FileShare.Peer.Tui;

/// <summary>Turns the core's transfer progress into rows with a smoothed speed and an ETA.</summary>
internal sealed class TransferMeter
{
    private readonly TimeProvider _time;
    private readonly Dictionary<int, Sample> _samples = [];

    public TransferMeter(TimeProvider time) => _time = time;

    public IReadOnlyList<TransferRow> Measure(IReadOnlyList<TransferProgress> transfers, IReadOnlyList<HashingJob> hashing)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        ArgumentNullException.ThrowIfNull(hashing);
        var now = _time.GetTimestamp();
        var rows = new List<TransferRow>(transfers.Count + hashing.Count);
        var seen = new HashSet<int>();
        for (var i = 0; i < hashing.Count; i++)
        {
            var job = hashing[i];
            var done = job.Done;
            var elapsed = _time.GetElapsedTime(job.StartedTimestamp, now).TotalSeconds;
            double? speed = elapsed > 0 && done > 0 ? done / elapsed : null;
            rows.Add(new TransferRow(-(i + 1), TransferRowKind.Hashing, job.FileName, "", done, job.Total, speed,
                EtaOf(job.Total - done, speed), "hashing", "", Running: true));
        }

        foreach (var transfer in transfers)
        {
            seen.Add(transfer.Id);
            var done = transfer.Done;
            var total = transfer.Total;
            var running = transfer.EndedTimestamp == 0;
            double? speed;
            if (running)
            {
                speed = Smoothed(transfer.Id, done, now);
            }
            else
            {
                var seconds = _time.GetElapsedTime(transfer.StartedTimestamp, transfer.EndedTimestamp).TotalSeconds;
                var moved = done - transfer.ResumedFrom;
                speed = seconds > 0 && moved > 0 ? moved / seconds : null;
            }

            var state = transfer.State switch
            {
                TransferState.Hashing => "hashing",
                TransferState.Connecting => "connecting",
                TransferState.Transferring => "transferring",
                TransferState.Verifying => "verifying",
                TransferState.Resuming => "resuming",
                TransferState.Done => "done",
                _ => "failed",
            };
            rows.Add(new TransferRow(
                transfer.Id,
                transfer.Direction == TransferDirection.Download ? TransferRowKind.Download : TransferRowKind.Upload,
                transfer.FileName,
                transfer.Peer,
                done,
                total,
                speed,
                running && total > 0 ? EtaOf(total - done, speed) : null,
                state,
                transfer.Detail,
                running));
        }

        foreach (var gone in _samples.Keys.Where(id => !seen.Contains(id)).ToList())
        {
            _samples.Remove(gone);
        }

        return rows;
    }

    private double? Smoothed(int id, long done, long now)
    {
        if (!_samples.TryGetValue(id, out var last))
        {
            _samples[id] = new Sample(done, now, null);
            return null;
        }

        var seconds = _time.GetElapsedTime(last.Timestamp, now).TotalSeconds;
        if (seconds < 0.1)
        {
            return last.Rate;
        }

        var rate = Math.Max(0, done - last.Done) / seconds;
        var smoothed = last.Rate is { } previous ? (previous * 0.5) + (rate * 0.5) : rate;
        _samples[id] = new Sample(done, now, smoothed);
        return smoothed;
    }

    private static TimeSpan? EtaOf(long left, double? speed) =>
        speed is > 0 && left >= 0 ? TimeSpan.FromSeconds(Math.Min(left / speed.Value, TimeSpan.FromDays(99).TotalSeconds)) : null;

    private readonly record struct Sample(long Done, long Timestamp, double? Rate);
}
