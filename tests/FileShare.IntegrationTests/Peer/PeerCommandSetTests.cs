using FileShare.IntegrationTests.Infrastructure;
namespace FileShare.IntegrationTests.Peer;

public sealed class PeerCommandSetTests : IAsyncLifetime
{
    private TrackerProcess _tracker = null!;
    private PeerHarness _hans = null!;
    private PeerHarness _anna = null!;
    private PeerHarness _otto = null!;

    public async Task InitializeAsync()
    {
        _tracker = await TrackerTestSupport.StartAsync("hans falcon*solo", "anna wise@!man", "otto p4ss");
        _hans = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("hans"));
        _anna = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("anna"));
        _otto = await PeerHarness.StartAsync(_tracker.Port, TestFiles.NewDirectory("otto"));
    }

    [Fact]
    public async Task EveryCommandPrintsTheContractStrings()
    {
        await File.WriteAllTextAsync(_hans.PathOf("notes.txt"), "meeting at noon");
        await File.WriteAllTextAsync(_hans.PathOf("song.mp3"), "la la la");

        Assert.Equal("Please log in first: auth <username> <password>", await _hans.RunSingleAsync("lap"));
        Assert.Equal("Authentication failed. Please try again.", await _hans.RunSingleAsync("auth hans wrong"));
        Assert.Equal(
            ["Welcome to FileShare!", "Available commands are: get, help, lap, lpf, passwd, pub, ren, rm, sch, unp, xit"],
            await _hans.RunAsync("auth hans falcon*solo"));
        Assert.Equal("No files published", await _hans.RunSingleAsync("lpf"));
        Assert.Equal("No active peers", await _hans.RunSingleAsync("lap"));
        Assert.Equal("File not found in share folder: missing.txt", await _hans.RunSingleAsync("pub missing.txt"));
        Assert.Equal("File published successfully", await _hans.RunSingleAsync("pub notes.txt"));
        Assert.Equal("File published successfully", await _hans.RunSingleAsync("pub notes.txt"));
        Assert.Equal("File published successfully", await _hans.RunSingleAsync("pub song.mp3"));
        Assert.Equal(["2 files published:", "notes.txt", "song.mp3"], await _hans.RunAsync("lpf"));

        await _anna.RunAsync("auth anna wise@!man");
        await _otto.RunAsync("auth otto p4ss");
        Assert.Equal(["2 active peers:", "anna", "otto"], await _hans.RunAsync("lap"));
        Assert.Equal(["1 file found:", "notes.txt"], await _anna.RunAsync("sch note"));
        Assert.Equal(["2 files found:", "notes.txt", "song.mp3"], await _anna.RunAsync("sch o"));
        Assert.Equal("No files found", await _anna.RunSingleAsync("sch Note"));
        Assert.Equal("No files found", await _anna.RunSingleAsync("sch " + new string('o', 300)));
        Assert.Equal("No files found", await _hans.RunSingleAsync("sch notes"));

        Assert.Equal("notes.txt downloaded successfully", await _anna.RunSingleAsync("get notes.txt"));
        TestFiles.AssertSameContent(_hans.PathOf("notes.txt"), _anna.PathOf("notes.txt"));
        Assert.Equal("File not found", await _anna.RunSingleAsync("get nothing.txt"));

        Assert.Equal("File unpublished successfully", await _hans.RunSingleAsync("unp song.mp3"));
        Assert.Equal("File unpublication failed", await _hans.RunSingleAsync("unp song.mp3"));
        Assert.Equal("File not found", await _anna.RunSingleAsync("get song.mp3"));
        Assert.Equal(["1 file published:", "notes.txt"], await _hans.RunAsync("lpf"));

        Assert.StartsWith("Usage: get", await _anna.RunSingleAsync("get"), StringComparison.Ordinal);
        Assert.StartsWith("Unknown command 'fetch'", await _anna.RunSingleAsync("fetch x"), StringComparison.Ordinal);
        Assert.Equal("Goodbye!", await _hans.RunSingleAsync("xit"));
        Assert.Equal(["1 active peer:", "otto"], await _anna.RunAsync("lap"));
    }

    [Fact]
    public async Task SecondLoginOfAnActiveUserIsRefused()
    {
        Assert.Equal("Welcome to FileShare!", (await _hans.RunAsync("auth hans falcon*solo"))[0]);

        Assert.Equal("Authentication failed. Please try again.", await _anna.RunSingleAsync("auth hans falcon*solo"));
    }

    [Fact]
    public async Task PublicationsSurviveLoggingOut()
    {
        await File.WriteAllTextAsync(_hans.PathOf("keep.txt"), "kept");
        await _hans.RunAsync("auth hans falcon*solo");
        await _hans.RunAsync("pub keep.txt");
        Assert.Equal("Goodbye!", await _hans.RunSingleAsync("xit"));

        await _anna.RunAsync("auth anna wise@!man");
        Assert.Equal("No files found", await _anna.RunSingleAsync("sch keep"));

        Assert.Equal("Welcome to FileShare!", (await _hans.RunAsync("auth hans falcon*solo"))[0]);
        Assert.Equal(["1 file published:", "keep.txt"], await _hans.RunAsync("lpf"));
        Assert.Equal(["1 file found:", "keep.txt"], await _anna.RunAsync("sch keep"));
    }

    [Fact]
    public async Task ExistingIdenticalFileSucceedsAndDifferentFileNeedsForce()
    {
        await File.WriteAllTextAsync(_hans.PathOf("doc.txt"), "version 2");
        await _hans.RunAsync("auth hans falcon*solo");
        await _hans.RunAsync("pub doc.txt");
        await _anna.RunAsync("auth anna wise@!man");

        await File.WriteAllTextAsync(_anna.PathOf("doc.txt"), "version 1, my own edits");
        var refusal = await _anna.RunSingleAsync("get doc.txt");
        Assert.Contains("get -f doc.txt", refusal, StringComparison.Ordinal);
        Assert.Equal("version 1, my own edits", await File.ReadAllTextAsync(_anna.PathOf("doc.txt")));

        Assert.Equal("doc.txt downloaded successfully", await _anna.RunSingleAsync("get -f doc.txt"));
        Assert.Equal("version 2", await File.ReadAllTextAsync(_anna.PathOf("doc.txt")));
        Assert.Equal("doc.txt downloaded successfully", await _anna.RunSingleAsync("get doc.txt"));
    }

    public async Task DisposeAsync()
    {
        await _hans.DisposeAsync();
        await _anna.DisposeAsync();
        await _otto.DisposeAsync();
        await _tracker.DisposeAsync();
    }
}
