using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Tracker;
using FileShare.Peer.Core.Transfers;
using FileShare.Protocol.Messages;
using FileShare.Peer.Tui.Input;
using Moq;

namespace FileShare.Peer.Tui.Tests;

public sealed class ControllerTests
{
    [Fact]
    public async Task CommandOutputIsAppendedAfterItsEchoWithErrorsFlagged()
    {
        using var f = new ControllerFixture();
        f.Peer.Results["get nope"] = () => Task.FromResult(CommandResult.Error("File not found"));
        await f.RunAsync("get nope");
        var output = f.ViewModel.Output;
        Assert.Equal("> get nope", output[^2].Text);
        Assert.True(output[^2].IsEcho);
        Assert.Equal("File not found", output[^1].Text);
        Assert.Equal(OutputKind.Error, output[^1].Kind);
    }

    [Fact]
    public async Task DownloadsRunConcurrentlyWhileOtherCommandsKeepWorking()
    {
        using var f = new ControllerFixture();
        var first = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bothStarted = new CountdownEvent(2);
        f.Peer.Results["get a.bin"] = () => { bothStarted.Signal(); return first.Task; };
        f.Peer.Results["get b.bin"] = () => { bothStarted.Signal(); return second.Task; };
        f.Enter("get a.bin");
        f.Enter("get b.bin");
        Assert.True(bothStarted.Wait(TimeSpan.FromSeconds(10)), "both downloads should be running at once");
        Assert.Equal(["get a.bin", "get b.bin"], f.ViewModel.Running);

        await f.RunAsync("lpf");
        Assert.Contains(f.ViewModel.Output, o => o.Text == "ran lpf");

        second.SetResult(CommandResult.Of("b.bin downloaded successfully"));
        await f.PumpUntilAsync(() => f.ViewModel.Output.Any(o => o.Text == "b.bin downloaded successfully"));
        first.SetResult(CommandResult.Of("a.bin downloaded successfully"));
        await f.PumpUntilAsync(() => f.ViewModel.Output.Any(o => o.Text == "a.bin downloaded successfully"));
        Assert.Empty(f.ViewModel.Running);
    }

    [Fact]
    public async Task CommandsOtherThanGetRunInTheOrderTyped()
    {
        using var f = new ControllerFixture();
        var auth = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        f.Peer.Results["auth alice pw"] = () => auth.Task;
        f.Enter("auth alice pw");
        f.Enter("lap");
        Assert.DoesNotContain("lap", f.Peer.Executed);
        auth.SetResult(CommandResult.Of("Welcome to FileShare!"));
        await f.PumpUntilAsync(() => f.ViewModel.Output.Any(o => o.Text == "ran lap"));
        Assert.Equal(["auth alice pw", "lap"], f.Peer.Executed);
    }

    [Fact]
    public async Task SearchAndLapResultsFillTheSidePanesFromTheTypedResults()
    {
        using var f = new ControllerFixture();
        f.Peer.Results["sch x"] = () => Task.FromResult(new CommandResult([new OutputLine("1 file found:"), new OutputLine("x.txt")]) { Items = ["x.txt"] });
        f.Peer.Results["lap -a"] = () => Task.FromResult(new CommandResult([new OutputLine("1 active peer:"), new OutputLine("dave 10.0.0.9:4000")])
        {
            Items = ["dave"],
            Peers = [new PeerEntry("dave", "10.0.0.9", 4000)],
        });
        await f.RunAsync("sch x");
        await f.RunAsync("lap -a");
        Assert.Equal("x", f.ViewModel.SearchQuery);
        Assert.Equal(["x.txt"], f.ViewModel.SearchResults);
        Assert.Equal([new ActivePeer("dave", "10.0.0.9:4000")], f.ViewModel.ActivePeers);

        f.Peer.Results["sch zzz"] = () => Task.FromResult(CommandResult.Of("No files found") with { Items = [] });
        await f.RunAsync("sch zzz");
        Assert.Empty(f.ViewModel.SearchResults);
        Assert.Equal(["x.txt"], f.ViewModel.KnownNames);
    }

    [Fact]
    public async Task PrintedTextThatLooksLikeAListChangesNoPane()
    {
        using var f = new ControllerFixture();
        f.Peer.Results["sch x"] = () => Task.FromResult(new CommandResult([new OutputLine("1 file found:"), new OutputLine("x.txt")]));
        await f.RunAsync("sch x");
        Assert.Null(f.ViewModel.SearchQuery);
        Assert.Empty(f.ViewModel.SearchResults);
    }

    [Fact]
    public async Task ATrackerNotRespondingFailureMarksTheTrackerOfflineWhatEverTheText()
    {
        using var f = new ControllerFixture();
        f.Peer.Results["lpf"] = () => Task.FromResult(CommandResult.Error("some other words", CommandFailure.TrackerNotResponding));
        await f.RunAsync("lpf");
        f.Controller.Tick();
        Assert.Equal(ConnectionState.Offline, f.ViewModel.Connection);

        f.Peer.Results["help"] = () => Task.FromResult(CommandResult.Of(CommandProcessor.TrackerNotResponding));
        await f.RunAsync("help");
        f.Controller.Tick();
        Assert.Equal(ConnectionState.Online, f.ViewModel.Connection);
    }

    [Fact]
    public async Task PublicationsPaneFollowsPubAndUnp()
    {
        using var f = new ControllerFixture();
        f.Peer.Results["pub a.txt"] = () =>
        {
            f.Peer.Published.Add("a.txt");
            return Task.FromResult(CommandResult.Of("File published successfully"));
        };
        await f.RunAsync("pub a.txt");
        Assert.Equal(["a.txt"], f.ViewModel.MyPublications);
    }

    [Fact]
    public async Task PubShowsHashingProgressWhileTheFileIsHashed()
    {
        using var f = new ControllerFixture();
        f.Peer.Files.Add("big.iso");
        var reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        f.Peer.Mock.Setup(p => p.ExecuteAsync("pub big.iso", It.IsAny<IProgress<long>?>(), It.IsAny<CancellationToken>()))
            .Returns((string _, IProgress<long>? progress, CancellationToken _) =>
            {
                progress!.Report(250);
                reported.SetResult();
                return finish.Task;
            });
        f.Enter("pub big.iso");
        await reported.Task.WaitAsync(TimeSpan.FromSeconds(10));
        f.Controller.Tick();
        var row = Assert.Single(f.ViewModel.Transfers);
        Assert.Equal("hashing", row.State);
        Assert.Equal(250, row.Done);
        Assert.Equal(1000, row.Total);

        finish.SetResult(CommandResult.Of("File published successfully"));
        await f.PumpUntilAsync(() => f.ViewModel.Output.Any(o => o.Text == "File published successfully"));
        f.Controller.Tick();
        Assert.Empty(f.ViewModel.Transfers);
    }

    [Fact]
    public async Task ActivePeersAreRefreshedEveryTwoSecondsWhileLoggedIn()
    {
        using var f = new ControllerFixture();
        using var calls = new SemaphoreSlim(0);
        var count = 0;
        f.Peer.Mock.Setup(p => p.ListPeerAddressesAsync(It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                Interlocked.Increment(ref count);
                calls.Release();
                return Task.FromResult<IReadOnlyList<PeerEntry>>([new PeerEntry("carol", "10.0.0.3", 2), new PeerEntry("bob", "::1", 1)]);
            });
        f.Controller.Tick();
        Assert.Null(f.ViewModel.ActivePeers);

        f.Peer.LoggedIn = true;
        f.Controller.Tick();
        Assert.True(await calls.WaitAsync(TimeSpan.FromSeconds(10)));
        await f.PumpUntilAsync(() => f.ViewModel.ActivePeers is not null);
        Assert.Equal([new ActivePeer("bob", "[::1]:1"), new ActivePeer("carol", "10.0.0.3:2")], f.ViewModel.ActivePeers);

        f.Clock.Advance(TimeSpan.FromSeconds(1));
        f.Controller.Tick();
        Assert.Equal(1, Volatile.Read(ref count));

        f.Clock.Advance(TimeSpan.FromSeconds(1));
        f.Controller.Tick();
        Assert.True(await calls.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, Volatile.Read(ref count));
    }

    [Fact]
    public async Task AFailedRefreshMarksTheTrackerAsReconnecting()
    {
        using var f = new ControllerFixture();
        f.Peer.LoggedIn = true;
        f.Peer.Mock.Setup(p => p.ListPeerAddressesAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new TrackerUnavailableException());
        f.Controller.Tick();
        Assert.Equal(ConnectionState.Online, f.ViewModel.Connection);
        Assert.True(await f.Controller.WaitForPostedAsync(TimeSpan.FromSeconds(10)));
        f.Controller.PumpPending();
        f.Controller.Tick();
        Assert.Equal(ConnectionState.Reconnecting, f.ViewModel.Connection);
    }

    [Fact]
    public async Task XitLeavesThroughTheProcessorAndClosesTheUi()
    {
        using var f = new ControllerFixture();
        await f.RunAsync("xit");
        Assert.Contains("xit", f.Peer.Executed);
        Assert.True(f.ViewModel.ExitRequested);
        Assert.Equal("Goodbye!", f.ViewModel.Output[^1].Text);
    }

    [Fact]
    public async Task QuittingSendsXitThenCloses()
    {
        using var f = new ControllerFixture();
        f.Controller.RequestQuit();
        Assert.False(f.ViewModel.ExitRequested);
        await f.PumpUntilAsync(() => f.ViewModel.ExitRequested);
        Assert.Equal(["xit"], f.Peer.Executed);
    }

    [Fact]
    public void ASecondQuitClosesAtOnceWhenTheTrackerIsSlow()
    {
        using var f = new ControllerFixture();
        f.Peer.Results["xit"] = () => new TaskCompletionSource<CommandResult>().Task;
        f.Controller.RequestQuit();
        f.Controller.RequestQuit();
        Assert.True(f.ViewModel.ExitRequested);
    }

    [Fact]
    public async Task CancellingADownloadRowCancelsItsGetOnly()
    {
        using var f = new ControllerFixture();
        var started = new CountdownEvent(2);
        f.Peer.Downloads["a.bin"] = async token =>
        {
            started.Signal();
            await Task.Delay(Timeout.Infinite, token);
            return CommandResult.Of("a.bin downloaded successfully");
        };
        var other = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        f.Peer.Downloads["b.bin"] = _ =>
        {
            started.Signal();
            return other.Task;
        };
        f.Enter("get a.bin");
        f.Enter("get b.bin");
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));

        var row = new TransferRow(1, TransferRowKind.Download, "a.bin", "bob", 10, 100, null, null, "transferring", "", Running: true);
        Assert.True(f.Controller.CancelTransfer(row));
        await f.PumpUntilAsync(() => f.ViewModel.Output.Any(o => o.Text == "Cancelled"));
        Assert.Equal(["get b.bin"], f.ViewModel.Running);

        Assert.False(f.Controller.CancelTransfer(row with { Kind = TransferRowKind.Upload }));
        other.SetResult(CommandResult.Of("b.bin downloaded successfully"));
        await f.PumpUntilAsync(() => f.ViewModel.Running.Count == 0);
    }

    [Fact]
    public async Task HistoryIsKeptInTheHistoryFileButNoLineWithAPassword()
    {
        var folder = Path.Combine(Path.GetTempPath(), "fileshare-tui-tests", Guid.NewGuid().ToString("N"));
        var file = new HistoryFile(Path.Combine(folder, HistoryFile.FileName));
        try
        {
            using (var f = new ControllerFixture(file))
            {
                await f.RunAsync("auth alice s3cret");
                await f.RunAsync("reg bob hunter22");
                await f.RunAsync("passwd old new");
                await f.RunAsync("sch report");
                await f.RunAsync("lap");
            }

            var text = await File.ReadAllTextAsync(file.Path);
            Assert.Equal("sch report\nlap\n", text);
            var next = new TuiViewModel();
            next.History.Preload(file.Load());
            Assert.Equal("lap", next.History.Previous(""));
            Assert.Equal("sch report", next.History.Previous("lap"));
            Assert.Null(next.History.Previous("sch report"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AnUnexpectedFailureIsShownNotThrown()
    {
        using var f = new ControllerFixture();
        f.Peer.Results["lpf"] = () => Task.FromException<CommandResult>(new InvalidOperationException("boom"));
        await f.RunAsync("lpf");
        Assert.Equal(OutputKind.Error, f.ViewModel.Output[^1].Kind);
        Assert.Contains("boom", f.ViewModel.Output[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TransfersAreReadOnEachTick()
    {
        using var f = new ControllerFixture();
        var transfer = new TransferProgress(1, TransferDirection.Download, "film.mkv", f.Clock.GetTimestamp()) { Total = 1000, State = TransferState.Transferring };
        f.Peer.TransferList.Add(transfer);
        f.Controller.Tick();
        transfer.SetDone(500);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        f.Controller.Tick();
        var row = Assert.Single(f.ViewModel.Transfers);
        Assert.Equal("transferring", row.State);
        Assert.Equal(500, row.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(1), row.Eta);
    }

    [Fact]
    public async Task TrackerBusyWhileACommandWaitsIsShownOnceAndTheCommandStillCompletes()
    {
        using var f = new ControllerFixture();
        var lpf = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        f.Peer.Results["lpf"] = () =>
        {
            started.TrySetResult();
            return lpf.Task;
        };
        f.Enter("lpf");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var notice = new TrackerBusyNotice(MessageType.ListMyFiles, 7, TimeSpan.FromMilliseconds(300), 1);
        f.Peer.Mock.Raise(p => p.TrackerBusyRetrying += null, notice);
        f.Peer.Mock.Raise(p => p.TrackerBusyRetrying += null, notice with { BusyReplies = 2 });
        await f.PumpUntilAsync(() => f.ViewModel.Output.Any(o => o.Text == "Tracker busy, retrying"));
        Assert.Equal(["lpf"], f.ViewModel.Running);

        lpf.SetResult(CommandResult.Of("No files published"));
        await f.PumpUntilAsync(() => f.ViewModel.Output.Any(o => o.Text == "No files published"));
        var busy = Assert.Single(f.ViewModel.Output, o => o.Text == "Tracker busy, retrying");
        Assert.Equal(OutputKind.Normal, busy.Kind);
        Assert.DoesNotContain(f.ViewModel.Output, o => o.Kind == OutputKind.Error);
        Assert.Empty(f.ViewModel.Running);
    }
}
