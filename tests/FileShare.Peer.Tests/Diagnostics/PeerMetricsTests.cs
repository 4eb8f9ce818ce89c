using System.Diagnostics.Metrics;
using FileShare.Peer.Core.Diagnostics;
using FileShare.Peer.Core.Transfers;

namespace FileShare.Peer.Tests.Diagnostics;

public sealed class PeerMetricsTests
{
    [Fact]
    public void BytesAndRunningTransfersAreReportedByDirectionAndAFinishedTransferCountsOnce()
    {
        var transfers = new TransferRegistry(new FakeTimeProvider());
        using var meters = new MeterScope();
        _ = new PeerMetrics(meters, transfers);
        var download = transfers.Start(TransferDirection.Download, "a.bin");
        download.ResumedFrom = 100;
        download.SetDone(1_100);
        var upload = transfers.Start(TransferDirection.Upload, "b.bin");
        upload.SetDone(500);
        transfers.Finish(upload, TransferState.Done);
        transfers.Finish(upload, TransferState.Done);

        var seen = meters.Collect();

        Assert.Equal(1_000, seen[("fileshare.peer.transfer.bytes", "download")]);
        Assert.Equal(500, seen[("fileshare.peer.transfer.bytes", "upload")]);
        Assert.Equal(1, seen[("fileshare.peer.transfers.active", "download")]);
        Assert.Equal(0, seen[("fileshare.peer.transfers.active", "upload")]);
    }

    /// <summary>A meter factory of this test, and a listener that reads its observable instruments.</summary>
    private sealed class MeterScope : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public Dictionary<(string Instrument, string? Direction), long> Collect()
        {
            var seen = new Dictionary<(string, string?), long>();
            using var listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Meter.Scope == this)
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            listener.SetMeasurementEventCallback<long>((i, value, tags, _) => seen[(i.Name, tags[0].Value as string)] = value);
            listener.SetMeasurementEventCallback<int>((i, value, tags, _) => seen[(i.Name, tags[0].Value as string)] = value);
            listener.Start();
            listener.RecordObservableInstruments();
            return seen;
        }

        public void Dispose()
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }
}
