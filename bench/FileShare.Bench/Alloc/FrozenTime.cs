namespace FileShare.Bench.Alloc;

/// <summary>A clock that never moves: sessions stay active for the whole measurement and replies are the same every run.</summary>
internal sealed class FrozenTime : TimeProvider
{
    private readonly long _timestamp = System.GetTimestamp();
    private readonly DateTimeOffset _now = System.GetUtcNow();

    public override long GetTimestamp() => _timestamp;

    public override DateTimeOffset GetUtcNow() => _now;
}
