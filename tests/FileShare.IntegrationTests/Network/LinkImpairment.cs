namespace FileShare.IntegrationTests.Network;

/// <summary>
/// What a <see cref="LossyUdpRelay"/> does to the datagrams of one direction. Every rate is a probability from 0 to 1,
/// drawn per datagram: drop it; send it twice; hold it back for a random time up to <see cref="MaxDelay"/>; or hold it
/// until the next datagram of the same flow has gone (a swap), at most <see cref="ReorderHold"/>.
/// </summary>
internal sealed record LinkImpairment
{
    /// <summary>A perfect link.</summary>
    public static LinkImpairment None { get; } = new();

    /// <summary>A link that loses everything.</summary>
    public static LinkImpairment Cut { get; } = new() { DropRate = 1 };

    public double DropRate { get; init; }

    public double DuplicateRate { get; init; }

    public double DelayRate { get; init; }

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(150);

    public double ReorderRate { get; init; }

    public TimeSpan ReorderHold { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A link that loses <paramref name="rate"/> of the datagrams and is otherwise perfect.</summary>
    public static LinkImpairment Loss(double rate) => new() { DropRate = rate };
}
