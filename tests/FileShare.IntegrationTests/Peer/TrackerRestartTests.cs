using FileShare.IntegrationTests.Infrastructure;
namespace FileShare.IntegrationTests.Peer;

public sealed class TrackerRestartTests
{
    [Fact]
    public async Task PeerLogsInAgainByItselfAfterTheTrackerRestarts()
    {
        await using var tracker = await TrackerTestSupport.StartAsync("alice a1", "bob b2");
        await using var alice = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("alice"));
        await using var bob = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("bob"));
        await File.WriteAllTextAsync(alice.PathOf("report.pdf"), "quarterly numbers");
        await alice.RunAsync("auth alice a1");
        await alice.RunAsync("pub report.pdf");
        await bob.RunAsync("auth bob b2");

        await tracker.RestartAsync();

        // Both peers' next requests meet a tracker that forgot them; they log in again unprompted.
        Assert.Equal(["1 file published:", "report.pdf"], await alice.RunAsync("lpf"));
        Assert.Equal(["1 file found:", "report.pdf"], await bob.RunAsync("sch report"));
        Assert.Equal("report.pdf downloaded successfully", await bob.RunSingleAsync("get report.pdf"));
        TestFiles.AssertSameContent(alice.PathOf("report.pdf"), bob.PathOf("report.pdf"));
    }
}
