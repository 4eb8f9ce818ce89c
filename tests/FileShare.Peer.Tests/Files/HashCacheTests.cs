using System.Security.Cryptography;
using System.Text;
using FileShare.Peer.Core.Files;

namespace FileShare.Peer.Tests.Files;

public sealed class HashCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task HashIsTheSha256OfTheContent()
    {
        var path = _temp.File("a.txt", "abc");
        var cache = new HashCache(new ShareFolder(_temp.Path), TimeProvider.System);

        var fingerprint = await cache.GetAsync("a.txt", path, null, CancellationToken.None);

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes("abc")), fingerprint.Sha256);
        Assert.Equal(3, fingerprint.Size);
    }

    [Fact]
    public async Task ChangedFileIsHashedAgain()
    {
        var path = _temp.File("a.txt", "abc");
        var cache = new HashCache(new ShareFolder(_temp.Path), TimeProvider.System);
        await cache.GetAsync("a.txt", path, null, CancellationToken.None);

        File.WriteAllText(path, "abcd");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        var fingerprint = await cache.GetAsync("a.txt", path, null, CancellationToken.None);

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes("abcd")), fingerprint.Sha256);
    }

    [Fact]
    public async Task CacheSurvivesARestart()
    {
        var path = _temp.File("a.txt", "abc");
        var first = new HashCache(new ShareFolder(_temp.Path), TimeProvider.System);
        var original = await first.GetAsync("a.txt", path, null, CancellationToken.None);
        first.Dispose();

        // Same size and time but other bytes: only a cache hit can return the old hash.
        var time = File.GetLastWriteTimeUtc(path);
        File.WriteAllText(path, "xyz");
        File.SetLastWriteTimeUtc(path, time);
        var second = new HashCache(new ShareFolder(_temp.Path), TimeProvider.System);
        var cached = await second.GetAsync("a.txt", path, null, CancellationToken.None);

        Assert.Equal(original.Sha256, cached.Sha256);
    }

    [Fact]
    public async Task HashingReportsProgress()
    {
        var path = _temp.File("big.bin", new string('x', 3_000_000));
        var reported = new List<long>();
        var progress = new SynchronousProgress(reported.Add);

        await HashCache.ComputeAsync(path, progress, CancellationToken.None);

        Assert.Equal(3_000_000, reported[^1]);
    }

    public void Dispose() => _temp.Dispose();

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
