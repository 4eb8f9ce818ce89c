using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Transfers;
using FileShare.Peer.Tui.Input;
using FileShare.Peer.Tui.Views;
using Terminal.Gui.Input;

namespace FileShare.Peer.Tui.Tests;

/// <summary>The main window on the headless ANSI driver: typing, keys, panes and layout.</summary>
public sealed class PeerWindowTests
{
    [Fact]
    public void TypingACommandAndEnterShowsItsEchoAndOutputInTheOutputPane()
    {
        using var f = new WindowFixture();
        f.Run("lpf");
        Assert.Equal("", f.Window.Command.Text);
        var screen = f.Screen();
        Assert.Contains("│> lpf", screen, StringComparison.Ordinal);
        Assert.Contains("│ran lpf", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunningCommandShowsItsEchoUntilItsOutputArrives()
    {
        using var f = new WindowFixture();
        var slow = new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        f.Peer.Results["lpf"] = () => slow.Task;
        f.Type("lpf");
        f.Press(Key.Enter);
        Assert.Contains("│> lpf  …", f.Screen(), StringComparison.Ordinal);

        slow.SetResult(CommandResult.Of("No files published"));
        f.PumpUntil(() => f.ViewModel.Running.Count == 0);
        var screen = f.Screen();
        Assert.DoesNotContain("> lpf  …", screen, StringComparison.Ordinal);
        Assert.Contains("│No files published", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void UnderscoresInNamesAreShownNotTakenAsHotKeys()
    {
        using var f = new WindowFixture();
        f.Peer.Files.AddRange(["my_notes_1.txt", "my_notes_2.txt"]);
        f.Peer.Results["sch my_n"] = () => Task.FromResult(Found("my_notes_1.txt"));
        f.Run("sch my_n");
        f.Type("pub my");
        f.Press(Key.Tab);
        var film = new TransferProgress(1, TransferDirection.Download, "big_file.iso", f.Clock.GetTimestamp()) { Total = 10, State = TransferState.Transferring };
        f.Peer.TransferList.Add(film);
        f.Tick();
        var screen = f.Screen();
        Assert.Contains("Search 'my_n' (1)", screen, StringComparison.Ordinal);
        Assert.Contains("Matches: my_notes_1.txt  my_notes_2.txt", screen, StringComparison.Ordinal);
        Assert.Contains("↓ big_file.iso", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHintDescribesTheCommandBeingTyped()
    {
        using var f = new WindowFixture();
        Assert.Contains(HintBuilder.Idle[..40], f.Screen(), StringComparison.Ordinal);
        f.Type("sch");
        Assert.Equal(HintBuilder.For("sch"), f.Window.HintText);
        Assert.Contains("sch <text>: Search files", f.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void TabCompletesCommandNamesAndListsAmbiguousMatchesInTheHint()
    {
        using var f = new WindowFixture();
        f.Type("un");
        f.Press(Key.Tab);
        Assert.Equal("unp ", f.Window.Command.Text);
        Assert.Equal(4, f.Window.Command.InsertionPoint);

        f.Press(Key.Esc);
        f.Type("l");
        f.Press(Key.Tab);
        Assert.Equal("l", f.Window.Command.Text);
        Assert.Contains("Matches: lap  lpf", f.Screen(), StringComparison.Ordinal);
        f.Type("a");
        Assert.DoesNotContain("Matches:", f.Window.HintText, StringComparison.Ordinal);
    }

    [Fact]
    public void TabCompletesShareFileNamesForPubUnpRenAndRm()
    {
        using var f = new WindowFixture();
        f.Peer.Files.AddRange(["report.pdf", "photo.jpg", "photos.zip"]);
        f.Peer.Published.Add("shared.iso");
        f.Type("pub r");
        f.Press(Key.Tab);
        Assert.Equal("pub report.pdf", f.Window.Command.Text);

        f.Press(Key.U.WithCtrl);
        f.Type("pub ph");
        f.Press(Key.Tab);
        Assert.Equal("pub photo", f.Window.Command.Text);
        Assert.Contains("Matches: photo.jpg  photos.zip", f.Window.HintText, StringComparison.Ordinal);

        f.Press(Key.U.WithCtrl);
        f.Type("unp s");
        f.Press(Key.Tab);
        Assert.Equal("unp shared.iso", f.Window.Command.Text);

        f.Press(Key.U.WithCtrl);
        f.Type("ren rep");
        f.Press(Key.Tab);
        Assert.Equal("ren report.pdf", f.Window.Command.Text);

        f.Press(Key.U.WithCtrl);
        f.Type("rm -y sh");
        f.Press(Key.Tab);
        Assert.Equal("rm -y shared.iso", f.Window.Command.Text);
    }

    [Fact]
    public void TabCompletesSearchResultsAndNamesSeenBeforeForGet()
    {
        using var f = new WindowFixture();
        f.Peer.Results["sch movie"] = () => Task.FromResult(Found("movie one.mkv", "movie two.mkv"));
        f.Peer.Results["sch song"] = () => Task.FromResult(Found("song.mp3"));
        f.Run("sch movie");
        f.Run("sch song");

        f.Type("get movie t");
        f.Press(Key.Tab);
        Assert.Equal("get movie two.mkv", f.Window.Command.Text);

        f.Press(Key.U.WithCtrl);
        f.Type("get -f so");
        f.Press(Key.Tab);
        Assert.Equal("get -f song.mp3", f.Window.Command.Text);
    }

    [Theory]
    [InlineData("auth alice s3cret-pw", "auth alice ", "********")]
    [InlineData("reg alice s3cret-pw", "reg alice ", "********")]
    [InlineData("passwd s3cret-pw n3w-s3cret", "passwd ", "******** ********")]
    public void PasswordIsMaskedAndNeverEntersHistory(string line, string shown, string echoedSecret)
    {
        using var f = new WindowFixture();
        f.Run("lap");
        f.Type(line);
        var typing = f.Screen();
        Assert.Contains(shown + "*", typing, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", typing, StringComparison.Ordinal);

        f.Press(Key.Enter);
        f.PumpUntil(() => f.ViewModel.Output.Count(o => o.IsEcho) == 2);
        var after = f.Screen();
        Assert.Contains("> " + shown + echoedSecret, after, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", after, StringComparison.Ordinal);
        Assert.DoesNotContain(f.ViewModel.Output, o => o.Text.Contains("s3cret", StringComparison.Ordinal));

        f.Press(Key.CursorUp);
        Assert.Equal("lap", f.Window.Command.Text);
        f.Press(Key.CursorUp);
        Assert.Equal("lap", f.Window.Command.Text);
        Assert.DoesNotContain(f.ViewModel.History.Entries, e => e.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadlineKeysMoveAndCutLikeAShell()
    {
        using var f = new WindowFixture();
        f.Type("get some file.txt");
        f.Press(Key.A.WithCtrl);
        Assert.Equal(0, f.Window.Command.InsertionPoint);
        f.Press(Key.F.WithAlt);
        Assert.Equal(3, f.Window.Command.InsertionPoint);
        f.Press(Key.K.WithCtrl);
        Assert.Equal("get", f.Window.Command.Text);

        f.Type(" a b c");
        f.Press(Key.B.WithAlt);
        Assert.Equal(8, f.Window.Command.InsertionPoint);
        f.Press(Key.E.WithCtrl);
        Assert.Equal(9, f.Window.Command.InsertionPoint);
        f.Press(Key.W.WithCtrl);
        Assert.Equal("get a b ", f.Window.Command.Text);
        f.Press(Key.U.WithCtrl);
        Assert.Equal("", f.Window.Command.Text);
    }

    [Fact]
    public void UpAndDownBrowseTheHistoryAndKeepTheDraft()
    {
        using var f = new WindowFixture();
        f.Run("lpf");
        f.Run("lap");
        f.Type("sch dr");
        f.Press(Key.CursorUp);
        Assert.Equal("lap", f.Window.Command.Text);
        f.Press(Key.CursorUp);
        Assert.Equal("lpf", f.Window.Command.Text);
        f.Press(Key.CursorDown, Key.CursorDown);
        Assert.Equal("sch dr", f.Window.Command.Text);
    }

    [Fact]
    public void SelectingASearchResultWithTheArrowsAndEnterRunsGetOnIt()
    {
        using var f = new WindowFixture();
        f.Peer.Results["sch report"] = () => Task.FromResult(Found("report-2023.pdf", "report-2024.pdf"));
        f.Run("sch report");
        var screen = f.Screen();
        Assert.Contains("Search 'report' (2)", screen, StringComparison.Ordinal);
        Assert.Contains("report-2024.pdf", screen, StringComparison.Ordinal);

        f.Press(Key.F2);
        Assert.True(f.Window.Results.HasFocus);
        f.Press(Key.CursorDown, Key.Enter);
        f.PumpUntil(() => f.ViewModel.Output.Any(o => o.Text == "ran get report-2024.pdf"));
        Assert.Contains("get report-2024.pdf", f.Peer.Executed);
        Assert.True(f.Window.Command.HasFocus);
    }

    [Fact]
    public void EscNeverClosesTheMainWindow()
    {
        using var f = new WindowFixture();
        f.Peer.Results["sch a"] = () => Task.FromResult(Found("a.txt"));
        f.Run("sch a");
        f.Type("half typed");
        f.Press(Key.Esc);
        Assert.Equal("", f.Window.Command.Text);
        f.Press(Key.F2, Key.Esc);
        Assert.True(f.Window.Command.HasFocus);
        f.Press(Key.Esc, Key.Esc);
        Assert.True(f.Window.IsRunning);
        Assert.False(f.ViewModel.ExitRequested);
    }

    [Fact]
    public void CtrlCOnceOnlyWarnsAndTwiceQuitsThroughXit()
    {
        using var f = new WindowFixture();
        f.Press(Key.C.WithCtrl);
        Assert.Contains("Press Ctrl+C again", f.Window.HintText, StringComparison.Ordinal);
        Assert.DoesNotContain("xit", f.Peer.Executed);

        f.Clock.Advance(TimeSpan.FromSeconds(5));
        f.Press(Key.C.WithCtrl);
        Assert.DoesNotContain("xit", f.Peer.Executed);

        f.Press(Key.C.WithCtrl);
        f.PumpUntil(() => f.ViewModel.ExitRequested);
        Assert.Contains("xit", f.Peer.Executed);
        Assert.Equal("Goodbye!", f.ViewModel.Output[^1].Text);
    }

    [Fact]
    public void CtrlQQuitsThroughXit()
    {
        using var f = new WindowFixture();
        f.Press(Key.Q.WithCtrl);
        f.PumpUntil(() => f.ViewModel.ExitRequested);
        Assert.Equal(["xit"], f.Peer.Executed);
    }

    [Fact]
    public void TheTransfersPaneShowsAProgressBarPerTransferWithSpeedEtaAndState()
    {
        using var f = new WindowFixture();
        var film = new TransferProgress(1, TransferDirection.Download, "film.mkv", f.Clock.GetTimestamp()) { Total = 1000, State = TransferState.Transferring, Peer = "bob" };
        var song = new TransferProgress(2, TransferDirection.Download, "song.mp3", f.Clock.GetTimestamp()) { Total = 1000, State = TransferState.Verifying };
        var bad = new TransferProgress(3, TransferDirection.Download, "bad.iso", f.Clock.GetTimestamp()) { Total = 1000 };
        f.Peer.TransferList.AddRange([film, song, bad]);
        f.Tick();
        film.SetDone(500);
        song.SetDone(1000);
        bad.SetDone(300);
        bad.State = TransferState.Failed;
        bad.Detail = "hash mismatch from every peer";
        bad.EndedTimestamp = f.Clock.GetTimestamp();
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        f.Tick();

        var screen = f.Screen();
        var rows = f.Window.Transfers.RowViews;
        Assert.Equal(3, rows.Count);
        Assert.Equal(0.5f, rows.Single(r => r.Row!.FileName == "film.mkv").Bar.Fraction, 3);
        Assert.Contains("Transfers (2 running, 1 finished)", screen, StringComparison.Ordinal);
        Assert.Contains("↓ film.mkv", screen, StringComparison.Ordinal);
        Assert.Contains(" 50% 500B/s ", screen, StringComparison.Ordinal);
        Assert.Contains("ETA 0:01", screen, StringComparison.Ordinal);
        Assert.Contains("verifying", screen, StringComparison.Ordinal);
        Assert.Contains("failed: hash mismatch", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void DeleteInTheTransfersPaneCancelsTheSelectedDownload()
    {
        using var f = new WindowFixture();
        using var started = new ManualResetEventSlim();
        f.Peer.Downloads["film.mkv"] = async token =>
        {
            started.Set();
            await Task.Delay(Timeout.Infinite, token);
            return CommandResult.Of("film.mkv downloaded successfully");
        };
        f.Type("get film.mkv");
        f.Press(Key.Enter);
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        var film = new TransferProgress(1, TransferDirection.Download, "film.mkv", f.Clock.GetTimestamp()) { Total = 1000, State = TransferState.Transferring };
        f.Peer.TransferList.Add(film);
        f.Tick();

        f.Press(Key.F3);
        Assert.True(f.Window.Transfers.HasFocus);
        Assert.Contains("▶↓ film.mkv", f.Screen(), StringComparison.Ordinal);
        f.Press(Key.Delete);
        f.PumpUntil(() => f.ViewModel.Output.Any(o => o.Text == "Cancelled"));
        Assert.Empty(f.ViewModel.Running);

        // The core ends a cancelled download as failed; the pane says what happened instead.
        film.State = TransferState.Failed;
        film.Detail = "A task was canceled.";
        film.EndedTimestamp = f.Clock.GetTimestamp();
        f.Tick();
        var screen = f.Screen();
        Assert.Contains("cancelled (the partial file", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("A task was canceled", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSidePaneListsActivePeersWithTheirAddresses()
    {
        using var f = new WindowFixture();
        Assert.Contains("log in to see peers", f.Screen(), StringComparison.Ordinal);
        f.Run("auth alice pw");
        f.Tick();
        f.PumpUntil(() => f.ViewModel.ActivePeers is not null);
        var screen = f.Screen();
        Assert.Contains("Active peers (2)", screen, StringComparison.Ordinal);
        Assert.Contains("bob  10.0.0.2:40001", screen, StringComparison.Ordinal);
        Assert.Contains("carol  10.0.0.3:40002", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void TheStatusLineShowsUserTrackerStateRoundTripShareAndCounts()
    {
        using var f = new WindowFixture(160, 48);
        f.Run("auth alice pw");
        f.Tick();
        var status = f.ScreenLines()[0];
        Assert.Contains("| alice |", status, StringComparison.Ordinal);
        Assert.Contains("tracker 127.0.0.1:11502 online (3 ms)", status, StringComparison.Ordinal);
        Assert.Contains("share /home/alice/share", status, StringComparison.Ordinal);
        Assert.Contains("transfers 0/0", status, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLayoutFitsAt80x24AndFollowsResizesTo160x48AndBack()
    {
        using var f = new WindowFixture();
        f.Peer.Results["sch a"] = () => Task.FromResult(Found("a.txt"));
        f.Run("sch a");
        AssertLayout(f, 80, 24);

        f.Resize(160, 48);
        AssertLayout(f, 160, 48);
        Assert.Contains("port 40123", f.ScreenLines()[0], StringComparison.Ordinal);

        f.Resize(80, 24);
        AssertLayout(f, 80, 24);
        f.Type("lpf");
        Assert.Contains("│lpf", f.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void PageUpScrollsTheOutputBackAndANewCommandFollowsTheNewestAgain()
    {
        using var f = new WindowFixture();
        f.Peer.Results["help"] = () => Task.FromResult(new CommandResult(Enumerable.Range(1, 60).Select(i => new OutputLine($"line {i}")).ToList()));
        f.Run("help");
        Assert.Contains("line 60", f.Screen(), StringComparison.Ordinal);
        f.Press(Key.PageUp);
        Assert.False(f.Window.Output.Following);
        Assert.DoesNotContain("line 60", f.Screen(), StringComparison.Ordinal);
        f.Press(Key.PageDown, Key.PageDown, Key.PageDown, Key.PageDown, Key.PageDown);
        Assert.True(f.Window.Output.Following);
        f.Press(Key.PageUp);
        f.Run("lpf");
        Assert.Contains("ran lpf", f.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheNewestOutputLineStaysInViewWhenTheTransfersPaneGrows()
    {
        using var f = new WindowFixture();
        f.Peer.Results["help"] = () => Task.FromResult(new CommandResult(Enumerable.Range(1, 60).Select(i => new OutputLine($"line {i}")).ToList()));
        f.Run("help");
        Assert.Contains("line 60", f.Screen(), StringComparison.Ordinal);

        // A transfer appears: the transfers pane takes a row more and the output pane shrinks by as much.
        for (var id = 1; id <= 3; id++)
        {
            f.Peer.TransferList.Add(new TransferProgress(id, TransferDirection.Download, $"file{id}.bin", f.Clock.GetTimestamp()) { Total = 10 });
            f.Tick();
            Assert.True(f.Window.Output.Following);
            Assert.Contains("line 60", f.Screen(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheHelpTextListsEveryCommandAndHowToSelectText()
    {
        var help = Dialogs.HelpText();
        foreach (var command in CommandCatalog.All)
        {
            Assert.Contains(command.Name + " " + command.Arguments, help, StringComparison.Ordinal);
        }

        Assert.Contains("Shift", help, StringComparison.Ordinal);
        Assert.All(Dialogs.HelpLines(72), line => Assert.True(line.Length <= 72, line));
        Assert.Contains("    Withdraw a publication and delete the local file (-y confirms)", Dialogs.HelpLines(72));
    }

    private static void AssertLayout(WindowFixture f, int width, int height)
    {
        var lines = f.ScreenLines();
        Assert.Equal(height + 1, lines.Length);
        var screen = string.Join('\n', lines);
        Assert.Contains("Output", screen, StringComparison.Ordinal);
        Assert.Contains("Active peers", screen, StringComparison.Ordinal);
        Assert.Contains("Search 'a' (1)", screen, StringComparison.Ordinal);
        Assert.Contains("Transfers (0 running, 0 finished)", screen, StringComparison.Ordinal);
        Assert.Contains("Command", screen, StringComparison.Ordinal);
        Assert.Contains("F1", lines[height - 1], StringComparison.Ordinal);
        Assert.All(lines[..height], l => Assert.Equal(width, l.Length));
        Assert.Contains("╰", lines[height - 2], StringComparison.Ordinal);
    }

    private static CommandResult Found(params string[] names) =>
        new([new OutputLine($"{names.Length} files found:"), .. names.Select(n => new OutputLine(n))]) { Items = names };
}
