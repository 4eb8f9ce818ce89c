using FileShare.Protocol.Messages;

namespace FileShare.Bench.TrackerLoad;

/// <summary>
/// What one socket's receive thread saw. Only that thread writes the lists; counters the send side touches are
/// updated with <see cref="Interlocked"/>. Read after the run, when both sides have stopped.
/// </summary>
internal sealed class LoadStats
{
    private readonly List<double>[] _latencies = Enum.GetValues<RequestKind>().Select(_ => new List<double>()).ToArray();
    private readonly Dictionary<(RequestKind, ErrorCode), int> _errors = [];
    private readonly List<(long Sent, double Microseconds)> _timeline = [];
    private readonly List<double> _busyLatencies = [];
    private long _measuredSent;
    private long _heartbeatsSent;
    private long _busyControl;

    public long MeasuredSent => Interlocked.Read(ref _measuredSent);

    public long HeartbeatsSent => Interlocked.Read(ref _heartbeatsSent);

    /// <summary>NotAuthenticated answers to heartbeats of logged-in sessions: each one is a false expiry.</summary>
    public int HeartbeatRejections { get; private set; }

    /// <summary>Replies that matched no pending request (late duplicates).</summary>
    public int Unmatched { get; private set; }

    public IReadOnlyDictionary<(RequestKind Kind, ErrorCode Code), int> Errors => _errors;

    /// <summary>Latencies of the requests that were served: Busy answers are counted apart.</summary>
    public IReadOnlyList<double> Latencies(RequestKind kind) => _latencies[(int)kind];

    /// <summary>How fast measured requests were answered Busy.</summary>
    public IReadOnlyList<double> BusyLatencies => _busyLatencies;

    /// <summary>Busy answers to logins and other control calls, which were sent again.</summary>
    public long BusyControl => Interlocked.Read(ref _busyControl);

    public void CountBusyControl() => Interlocked.Increment(ref _busyControl);

    public void CountMeasuredSend() => Interlocked.Increment(ref _measuredSent);

    public void CountHeartbeat() => Interlocked.Increment(ref _heartbeatsSent);

    /// <summary>Send timestamp and latency of every measured reply, to find when the slow ones were sent.</summary>
    public IReadOnlyList<(long Sent, double Microseconds)> Timeline => _timeline;

    public void RecordReply(PendingCall call, Message reply, long sentTimestamp, double microseconds)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (reply is ErrorReply error)
        {
            var key = (call.Kind, error.Code);
            _errors[key] = _errors.GetValueOrDefault(key) + 1;
        }

        if (call.Measured && reply is ErrorReply { Code: ErrorCode.Busy })
        {
            _busyLatencies.Add(microseconds);
        }
        else if (call.Measured)
        {
            _latencies[(int)call.Kind].Add(microseconds);
            _timeline.Add((sentTimestamp, microseconds));
        }
    }

    public void RecordHeartbeatRejection() => HeartbeatRejections++;

    public void RecordUnmatched() => Unmatched++;
}
