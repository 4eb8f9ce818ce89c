using System.Diagnostics.Metrics;
using FileShare.Protocol.Messages;
using FileShare.Tracker.Dispatch;

namespace FileShare.Tracker.Diagnostics;

/// <summary>
/// The tracker's instruments (System.Diagnostics.Metrics), on the meter <see cref="MeterName"/>; watch them live with
/// <c>dotnet-counters monitor -n fileshare-tracker --counters FileShare.Tracker</c>. Counting is a few nanoseconds
/// and allocates nothing while no one listens. Gauges of state the tracker already keeps (sessions, index size,
/// Busy answers, kernel drops) are read when a listener asks, through <see cref="Observe"/>.
/// </summary>
internal sealed class TrackerMetrics
{
    /// <summary>The meter's name, for dotnet-counters and OpenTelemetry.</summary>
    public const string MeterName = "FileShare.Tracker";

    private static readonly KeyValuePair<string, object?> LoginSucceeded = new("result", "ok");
    private static readonly KeyValuePair<string, object?> LoginFailed = new("result", "failed");
    private static readonly KeyValuePair<string, object?>[] RequestTags = BuildRequestTags();

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _logins;
    private readonly Histogram<double> _commitDuration;

    public TrackerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _requests = _meter.CreateCounter<long>("fileshare.tracker.requests", "{request}", "Requests and heartbeats received, by type");
        _logins = _meter.CreateCounter<long>("fileshare.tracker.logins", "{login}", "Logins, by result (ok, failed)");
        _commitDuration = _meter.CreateHistogram<double>("fileshare.tracker.commit.duration", "ms", "Time to make a batch of changes durable (write and fsync)");
    }

    /// <summary>A request or heartbeat of <paramref name="type"/> was received.</summary>
    public void Request(MessageType type) => _requests.Add(1, RequestTags[(byte)type]);

    /// <summary>A login ended.</summary>
    public void Login(bool succeeded) => _logins.Add(1, succeeded ? LoginSucceeded : LoginFailed);

    /// <summary>A group commit made its changes durable in <paramref name="duration"/>.</summary>
    public void Committed(TimeSpan duration) => _commitDuration.Record(duration.TotalMilliseconds);

    /// <summary>Publishes the gauges of state kept elsewhere; each is read when a listener collects.</summary>
    public void Observe(Func<int> activeSessions, Func<int> publications, Func<long> busyReplies, Func<long> droppedDatagrams)
    {
        _meter.CreateObservableGauge("fileshare.tracker.sessions.active", activeSessions, "{session}", "Sessions logged in and not expired");
        _meter.CreateObservableGauge("fileshare.tracker.index.publications", publications, "{publication}", "Publications in the index");
        _meter.CreateObservableCounter("fileshare.tracker.replies.busy", busyReplies, "{reply}", "Requests answered Busy (over capacity)");
        _meter.CreateObservableCounter("fileshare.tracker.datagrams.dropped", droppedDatagrams, "{datagram}", "Datagrams the kernel dropped at the tracker's socket");
    }

    private static KeyValuePair<string, object?>[] BuildRequestTags()
    {
        var tags = new KeyValuePair<string, object?>[256];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = new KeyValuePair<string, object?>("type", Requests.CommandName((MessageType)i));
        }

        return tags;
    }
}
