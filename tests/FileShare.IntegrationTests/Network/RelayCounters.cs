namespace FileShare.IntegrationTests.Network;

/// <summary>Running totals for one direction of a <see cref="LossyUdpRelay"/>; safe to read while it runs.</summary>
internal sealed class RelayCounters
{
    private long _received;
    private long _sent;
    private long _dropped;
    private long _duplicated;
    private long _delayed;
    private long _reordered;

    /// <summary>Datagrams that reached the relay.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Datagrams sent on (duplicates count twice).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Duplicated => Interlocked.Read(ref _duplicated);

    public long Delayed => Interlocked.Read(ref _delayed);

    public long Reordered => Interlocked.Read(ref _reordered);

    public override string ToString() =>
        $"received {Received}, sent {Sent}, dropped {Dropped}, duplicated {Duplicated}, delayed {Delayed}, reordered {Reordered}";

    internal void CountReceived() => Interlocked.Increment(ref _received);

    internal void CountSent() => Interlocked.Increment(ref _sent);

    internal void CountDropped() => Interlocked.Increment(ref _dropped);

    internal void CountDuplicated() => Interlocked.Increment(ref _duplicated);

    internal void CountDelayed() => Interlocked.Increment(ref _delayed);

    internal void CountReordered() => Interlocked.Increment(ref _reordered);
}
