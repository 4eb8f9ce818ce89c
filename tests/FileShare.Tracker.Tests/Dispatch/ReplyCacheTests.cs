using FileShare.Protocol.Messages;
using FileShare.Tracker.Dispatch;
using FileShare.Tracker.Tests.Support;

namespace FileShare.Tracker.Tests.Dispatch;

public sealed class ReplyCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OldestRepliesGoFirstBeyondTheByteLimit()
    {
        var cache = new ReplyCache(TimeSpan.FromSeconds(30), capacity: 1000, maxBytes: 250);
        var from = TrackerHarness.Endpoint(5000);

        for (uint id = 1; id <= 3; id++)
        {
            cache.Add(new ReplyKey(from, id, MessageType.Publish), new byte[100], Now);
        }

        Assert.Equal(2, cache.Count);
        Assert.Equal(200, cache.Bytes);
        Assert.False(cache.TryGet(new ReplyKey(from, 1, MessageType.Publish), Now, out _));
        Assert.True(cache.TryGet(new ReplyKey(from, 3, MessageType.Publish), Now, out _));
    }

    [Fact]
    public void ExpiredRepliesGiveTheirBytesBack()
    {
        var cache = new ReplyCache(TimeSpan.FromSeconds(30), capacity: 1000, maxBytes: 1000);
        cache.Add(new ReplyKey(TrackerHarness.Endpoint(5000), 1, MessageType.Publish), new byte[100], Now);

        cache.Prune(Now.AddSeconds(31));

        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }
}
