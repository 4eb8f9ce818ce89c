using FileShare.Tracker.Authentication;

namespace FileShare.Tracker.Tests.Authentication;

public sealed class FailureThrottleTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FreeFailuresCauseNoDelay()
    {
        var throttle = new FailureThrottle(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.RecordFailure("k", Start));
        }

        Assert.Null(throttle.RetryAfter("k", Start));
    }

    [Fact]
    public void DelayDoublesWithEveryFurtherFailureUpToTheMaximum()
    {
        var throttle = new FailureThrottle(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        var delays = Enumerable.Range(0, 6).Select(_ => throttle.RecordFailure("k", Start).TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 5, 5, 5], delays);
    }

    [Fact]
    public void KeyIsBlockedUntilTheDelayHasPassedExactly()
    {
        var throttle = new FailureThrottle(0, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60));
        throttle.RecordFailure("k", Start);

        Assert.Equal(TimeSpan.FromSeconds(2), throttle.RetryAfter("k", Start));
        Assert.Equal(TimeSpan.FromTicks(1), throttle.RetryAfter("k", Start.AddSeconds(2).AddTicks(-1)));
        Assert.Null(throttle.RetryAfter("k", Start.AddSeconds(2)));
        Assert.Null(throttle.RetryAfter("other", Start));
    }

    [Fact]
    public void ResetForgetsFailures()
    {
        var throttle = new FailureThrottle(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        throttle.RecordFailure("k", Start);

        throttle.Reset("k");

        Assert.Null(throttle.RetryAfter("k", Start));
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.RecordFailure("k", Start));
    }

    [Fact]
    public void PruneForgetsKeysQuietForTheMaximumDelay()
    {
        var throttle = new FailureThrottle(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        throttle.RecordFailure("k", Start);

        throttle.Prune(Start.AddSeconds(10));
        Assert.Equal(1, throttle.Count);
        throttle.Prune(Start.AddSeconds(11));
        Assert.Equal(0, throttle.Count);
    }
}
