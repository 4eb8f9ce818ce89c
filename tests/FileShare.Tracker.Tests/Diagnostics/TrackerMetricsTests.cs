using System.Diagnostics.Metrics;
using FileShare.Protocol.Messages;
using FileShare.Tracker.Diagnostics;
using FileShare.Tracker.Tests.Support;

namespace FileShare.Tracker.Tests.Diagnostics;

public sealed class TrackerMetricsTests : IDisposable
{
    private static readonly System.Net.IPEndPoint HansAt = TrackerHarness.Endpoint(43001);
    private readonly TrackerHarness _tracker = new(new Dictionary<string, string> { ["hans"] = "falcon*solo" });
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, string? Tag)> _measurements = [];

    public TrackerMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == _tracker.Meters && instrument.Meter.Name == TrackerMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value, tags.Length > 0 ? tags[0].Value as string : null));
            }
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _tracker.Dispose();
    }

    [Fact]
    public void LoginsAndRequestsAreCountedByResultAndType()
    {
        Assert.IsType<ErrorReply>(_tracker.TryLogin("hans", "wrong", HansAt));
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 1, new byte[32]), hans, HansAt);
        _tracker.SendExpect<NameListReply>(new ListMyFilesRequest(null), hans, HansAt);

        Assert.Equal(1, Count("fileshare.tracker.logins", "ok"));
        Assert.Equal(1, Count("fileshare.tracker.logins", "failed"));
        Assert.Equal(1, Count("fileshare.tracker.requests", "PUB"));
        Assert.Equal(1, Count("fileshare.tracker.requests", "LPF"));
    }

    private long Count(string instrument, string tag)
    {
        lock (_measurements)
        {
            return _measurements.Where(m => m.Instrument == instrument && m.Tag == tag).Sum(m => m.Value);
        }
    }
}
