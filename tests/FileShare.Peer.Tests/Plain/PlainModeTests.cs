using FileShare.Peer.Core;
using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Hosting;
using FileShare.Peer.Core.Tracker;
using FileShare.Peer.Plain;
using FileShare.Peer.Tests.Tracker;
using FileShare.Protocol.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileShare.Peer.Tests.Plain;

public sealed class PlainModeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task CommandWaitingOnABusyTrackerPrintsTrackerBusyRetryingOnceThenItsResult()
    {
        using var tracker = new FakeTracker("pw");
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.Configure<PeerOptions>(o => o.ShareDirectory = _temp.Path);
        services.AddPeerCore(new TrackerEndpoint(tracker.EndPoint, "fake"));
        await using var provider = services.BuildServiceProvider();
        var connection = provider.GetRequiredService<TrackerConnection>();
        connection.BusyRetrying += notice => clock.Advance(notice.RetryIn);
        using var output = new StringWriter();
        var plain = new PlainMode(provider.GetRequiredService<CommandProcessor>(), connection, new StringReader("auth alice pw\n"), output);

        var run = plain.RunAsync(CancellationToken.None);
        var start = await tracker.ReceiveAsync<AuthStartRequest>();
        await tracker.ReplyAsync(start, new ErrorReply(ErrorCode.Busy, "busy", 100));
        await tracker.ReplyAsync(await tracker.ReceiveAsync<AuthStartRequest>(), new ErrorReply(ErrorCode.Busy, "busy", 100));
        await tracker.AcceptLoginAsync(FakeTracker.Token(1)); // the same AuthStart, a third time
        await tracker.ReplyAsync(await tracker.ReceiveAsync<ListMyFilesRequest>(), new NameListReply([], false));
        await tracker.ReplyAsync(await tracker.ReceiveAsync<LeaveRequest>(), new OkReply()); // end of input: xit
        await run.WaitAsync(FakeTracker.Patience);

        Assert.Equal(
            [
                "Tracker busy, retrying",
                "Welcome to FileShare!",
                $"Available commands are: {CommandCatalog.NameList}",
                "Goodbye!",
            ],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    public void Dispose() => _temp.Dispose();
}
