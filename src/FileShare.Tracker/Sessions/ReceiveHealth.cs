namespace FileShare.Tracker.Sessions;

/// <summary>
/// What the transport knows about its own reading, so presence never counts a silence the tracker itself caused: up
/// to when it had read every datagram that had arrived (<see cref="Horizon"/>), and when the kernel last dropped
/// datagrams at its socket because it read too slowly (<see cref="LastLoss"/>). Written by the receive side, read by
/// <see cref="SessionRegistry"/>; lock-free. Timestamps are those of the tracker's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class ReceiveHealth
{
    private const long NotReported = long.MinValue;

    private long _drainedAt = NotReported;
    private long _lossAt = NotReported;

    /// <summary>When datagrams were last lost to the tracker's own slowness, or <see cref="long.MinValue"/> for never.</summary>
    public long LastLoss => Volatile.Read(ref _lossAt);

    /// <summary>
    /// The time up to which a silence can be blamed on the peer: every datagram that arrived before it has been read.
    /// <paramref name="now"/> while nothing reports (no transport, as in unit tests).
    /// </summary>
    public long Horizon(long now)
    {
        var drained = Volatile.Read(ref _drainedAt);
        return drained == NotReported ? now : Math.Min(now, drained);
    }

    /// <summary>The socket's queue was found empty at <paramref name="timestamp"/>: everything before it has been read.</summary>
    public void ReportDrained(long timestamp) => AtomicMax.Raise(ref _drainedAt, timestamp);

    /// <summary>Datagrams were found dropped for the tracker's slowness at <paramref name="timestamp"/>.</summary>
    public void ReportLoss(long timestamp) => AtomicMax.Raise(ref _lossAt, timestamp);
}
