using FileShare.IntegrationTests.Infrastructure;
using FileShare.Peer.Core.Transfers;

namespace FileShare.IntegrationTests.Peer;

public sealed class DownloadResilienceTests : IAsyncLifetime
{
    private TrackerProcess _tracker = null!;

    public async Task InitializeAsync() =>
        _tracker = await TrackerTestSupport.StartAsync("alice a1", "bob b2", "carol c3");

    [Fact]
    public async Task ConcurrentDownloadsFromOnePublisherAllVerify()
    {
        await using var alice = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("alice"));
        await using var bob = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("bob"));
        await using var carol = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("carol"));
        await alice.RunAsync("auth alice a1");
        for (var i = 0; i < 3; i++)
        {
            TestFiles.WriteRandom(alice.PathOf($"file{i}.bin"), 8_000_000 + i, seed: i);
            Assert.Equal("File published successfully", await alice.RunSingleAsync($"pub file{i}.bin"));
        }

        await bob.RunAsync("auth bob b2");
        await carol.RunAsync("auth carol c3");

        var results = await Task.WhenAll(
            bob.RunSingleAsync("get file0.bin"),
            bob.RunSingleAsync("get file1.bin"),
            carol.RunSingleAsync("get file1.bin"),
            carol.RunSingleAsync("get file2.bin"));

        Assert.Equal(
            ["file0.bin downloaded successfully", "file1.bin downloaded successfully", "file1.bin downloaded successfully", "file2.bin downloaded successfully"],
            results);
        TestFiles.AssertSameContent(alice.PathOf("file0.bin"), bob.PathOf("file0.bin"));
        TestFiles.AssertSameContent(alice.PathOf("file1.bin"), bob.PathOf("file1.bin"));
        TestFiles.AssertSameContent(alice.PathOf("file1.bin"), carol.PathOf("file1.bin"));
        TestFiles.AssertSameContent(alice.PathOf("file2.bin"), carol.PathOf("file2.bin"));
    }

    [Fact]
    public async Task PublisherKilledMidTransferIsResumedFromAnotherPublisher()
    {
        // alice sorts first, so she is tried first; she runs as a real process that we kill.
        var aliceDir = TestFiles.NewDirectory("alice");
        TestFiles.WriteRandom(Path.Combine(aliceDir, "movie.mkv"), 40_000_000, seed: 7);
        await using var alice = PeerProcess.Start(_tracker.Port, aliceDir);
        Assert.Equal("Welcome to FileShare!", (await alice.RunAsync("auth alice a1", 2))[0]);
        Assert.Equal("File published successfully", (await alice.RunAsync("pub movie.mkv", 1))[0]);

        await using var bob = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("bob"));
        File.Copy(Path.Combine(aliceDir, "movie.mkv"), bob.PathOf("movie.mkv"));
        await bob.RunAsync("auth bob b2");
        Assert.Equal("File published successfully", await bob.RunSingleAsync("pub movie.mkv"));

        // A rate cap keeps the transfer long enough to cut it in the middle. Its chunks (a tenth of the rate,
        // 400 blocks of 4 KiB) stay aligned, so both attempts write around the page cache where the system allows.
        await using var carol = await PeerHarness.StartAsync(
            _tracker.Port, TestFiles.NewDirectory("carol"), o => o.MaxDownloadBytesPerSecond = 16_384_000);
        await carol.RunAsync("auth carol c3");
        var download = carol.RunSingleAsync("get movie.mkv");

        await WaitUntilAsync(() => carol.Node.Transfers.Snapshot().Any(t => t.Peer == "alice" && t.Done > 4_000_000));
        alice.Kill();

        Assert.Equal("movie.mkv downloaded successfully", await download);
        TestFiles.AssertSameContent(Path.Combine(aliceDir, "movie.mkv"), carol.PathOf("movie.mkv"));
        var transfer = Assert.Single(carol.Node.Transfers.Snapshot(), t => t.Direction == TransferDirection.Download);
        Assert.Equal("bob", transfer.Peer);
        Assert.True(transfer.ResumedFrom > 0, "bob's part of the transfer should resume where alice's stopped");
    }

    [Fact]
    public async Task CorruptedSourceIsDetectedAndNeverLands()
    {
        await using var alice = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("alice"));
        await using var carol = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("carol"));
        var original = TestFiles.WriteRandom(alice.PathOf("data.bin"), 3_000_000, seed: 3);
        await alice.RunAsync("auth alice a1");
        await alice.RunAsync("pub data.bin");

        // Flip bytes but keep size and time, so alice's hash cache still vouches for the old content.
        var time = File.GetLastWriteTimeUtc(alice.PathOf("data.bin"));
        await using (var stream = File.OpenWrite(alice.PathOf("data.bin")))
        {
            stream.Position = 1_000_000;
            stream.Write(new byte[100]);
        }

        File.SetLastWriteTimeUtc(alice.PathOf("data.bin"), time);
        await carol.RunAsync("auth carol c3");

        Assert.Equal("Download of data.bin failed: verification failed on every source", await carol.RunSingleAsync("get data.bin"));
        Assert.False(File.Exists(carol.PathOf("data.bin")));
        Assert.Empty(Directory.GetFiles(Path.Combine(carol.ShareDirectory, ".fileshare", "partial"), "*.part"));

        // An honest second publisher then delivers the real content.
        await using var bob = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("bob"));
        Assert.Equal(original, TestFiles.WriteRandom(bob.PathOf("data.bin"), 3_000_000, seed: 3));
        await bob.RunAsync("auth bob b2");
        await bob.RunAsync("pub data.bin");
        Assert.Equal("data.bin downloaded successfully", await carol.RunSingleAsync("get data.bin"));
        Assert.Equal(original, TestFiles.Sha256Of(carol.PathOf("data.bin")));
    }

    [Fact]
    public async Task EditedFileIsRepublishedAndServedFresh()
    {
        await using var alice = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("alice"));
        await using var bob = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("bob"));
        await File.WriteAllTextAsync(alice.PathOf("plan.txt"), "draft 1");
        await alice.RunAsync("auth alice a1");
        await alice.RunAsync("pub plan.txt");
        await bob.RunAsync("auth bob b2");

        await File.WriteAllTextAsync(alice.PathOf("plan.txt"), "draft 2, longer");
        File.SetLastWriteTimeUtc(alice.PathOf("plan.txt"), DateTime.UtcNow.AddSeconds(5));

        Assert.Equal("plan.txt downloaded successfully", await bob.RunSingleAsync("get plan.txt"));
        Assert.Equal("draft 2, longer", await File.ReadAllTextAsync(bob.PathOf("plan.txt")));
    }

    [Fact]
    public async Task TwoHundredMegabyteTransferIsIdenticalByteForByte()
    {
        await using var alice = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("alice"));
        await using var bob = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("bob"));
        TestFiles.WriteRandom(alice.PathOf("big.iso"), 200L * 1024 * 1024, seed: 11);
        await alice.RunAsync("auth alice a1");
        Assert.Equal("File published successfully", await alice.RunSingleAsync("pub big.iso"));
        await bob.RunAsync("auth bob b2");

        Assert.Equal("big.iso downloaded successfully", await bob.RunSingleAsync("get big.iso"));

        await using var expected = File.OpenRead(alice.PathOf("big.iso"));
        await using var actual = File.OpenRead(bob.PathOf("big.iso"));
        Assert.Equal(expected.Length, actual.Length);
        var a = new byte[1 << 20];
        var b = new byte[1 << 20];
        int read;
        while ((read = await expected.ReadAsync(a)) > 0)
        {
            await actual.ReadExactlyAsync(b.AsMemory(0, read));
            Assert.True(a.AsSpan(0, read).SequenceEqual(b.AsSpan(0, read)), "content differs");
        }
    }

    [Fact]
    public async Task DirectWriteDownloadsWithUnalignedTailsAreIdentical()
    {
        await using var alice = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("alice"));
        await using var bob = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("bob"), o => o.DirectWriteMinBytes = 1);
        const int OddSize = (3 << 20) + 12_345;
        var odd = TestFiles.WriteRandom(alice.PathOf("odd.bin"), OddSize, seed: 5);
        var tiny = TestFiles.WriteRandom(alice.PathOf("tiny.bin"), 3, seed: 6);
        await alice.RunAsync("auth alice a1");
        await alice.RunAsync("pub odd.bin");
        await alice.RunAsync("pub tiny.bin");
        await bob.RunAsync("auth bob b2");

        Assert.Equal("odd.bin downloaded successfully", await bob.RunSingleAsync("get odd.bin"));
        Assert.Equal("tiny.bin downloaded successfully", await bob.RunSingleAsync("get tiny.bin"));

        Assert.Equal(OddSize, new FileInfo(bob.PathOf("odd.bin")).Length);
        Assert.Equal(odd, TestFiles.Sha256Of(bob.PathOf("odd.bin")));
        Assert.Equal(tiny, TestFiles.Sha256Of(bob.PathOf("tiny.bin")));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    public async Task DisposeAsync() => await _tracker.DisposeAsync();
}
