using FileShare.Protocol.Messages;

namespace FileShare.Bench.TrackerLoad;

/// <summary>A request sent and not yet answered.</summary>
internal sealed class PendingCall
{
    public PendingCall(RequestKind kind, long sentTimestamp, bool measured, TaskCompletionSource<Message>? completion)
    {
        Kind = kind;
        SentTimestamp = sentTimestamp;
        Measured = measured;
        Completion = completion;
    }

    public RequestKind Kind { get; }

    public long SentTimestamp { get; set; }

    /// <summary>Sent inside the measured window: its latency counts.</summary>
    public bool Measured { get; }

    /// <summary>Set for control calls that someone awaits.</summary>
    public TaskCompletionSource<Message>? Completion { get; }
}
