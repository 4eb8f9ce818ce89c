using FileShare.Peer.Core.Commands;
using FileShare.Peer.Tui.Peer;

namespace FileShare.Peer.Tui.Tests;

public sealed class RendererTests
{
    private static TuiViewModel LoggedInScreen()
    {
        var viewModel = new TuiViewModel
        {
            Status = new PeerStatus("alice", "127.0.0.1:11502", TimeSpan.FromMilliseconds(4), TimeSpan.FromSeconds(1),
                TimeSpan.FromSeconds(1), "/home/alice/share", 40123),
            Connection = ConnectionState.Online,
            ActivePeers = ["bob", "carol"],
            MyPublications = ["notes.txt"],
            SearchQuery = "mov",
            SearchResults = ["movie.mkv"],
            Transfers =
            [
                new TransferRow(1, TransferRowKind.Download, "movie.mkv", "bob", 512 * 1024, 1024 * 1024, 256 * 1024,
                    TimeSpan.FromSeconds(2), "transferring", "", Running: true),
                new TransferRow(2, TransferRowKind.Download, "old.iso", "bob", 2048, 2048, 1024, null, "done", "", Running: false),
                new TransferRow(3, TransferRowKind.Download, "bad.bin", "", 0, 0, null, null, "failed", "verification failed on every source", Running: false),
            ],
        };
        viewModel.AppendResult("auth alice ********", [new OutputLine("Welcome to FileShare!")]);
        viewModel.AppendResult("get nothing", [new OutputLine("File not found", OutputKind.Error)]);
        viewModel.Editor.SetText("sch mov");
        return viewModel;
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(160, 48)]
    public void ScreenFillsTheTerminalExactly(int width, int height)
    {
        var lines = ScreenText.Render(LoggedInScreen(), width, height);
        Assert.Equal(height, lines.Length);
        Assert.All(lines, line => Assert.Equal(width, Rendering.TextFit.Width(line)));
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(160, 48)]
    public void EveryPaneIsVisible(int width, int height)
    {
        var screen = string.Join('\n', ScreenText.Render(LoggedInScreen(), width, height));
        Assert.Contains("FileShare", screen, StringComparison.Ordinal);
        Assert.Contains("alice", screen, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:11502 (4 ms)", screen, StringComparison.Ordinal);
        Assert.Contains("online", screen, StringComparison.Ordinal);
        Assert.Contains("port 40123", screen, StringComparison.Ordinal);
        Assert.Contains("/home/alice/share", screen, StringComparison.Ordinal);
        Assert.Contains("> auth alice ********", screen, StringComparison.Ordinal);
        Assert.Contains("File not found", screen, StringComparison.Ordinal);
        Assert.Contains("Active peers (2)", screen, StringComparison.Ordinal);
        Assert.Contains("carol", screen, StringComparison.Ordinal);
        Assert.Contains("My publications (1)", screen, StringComparison.Ordinal);
        Assert.Contains("notes.txt", screen, StringComparison.Ordinal);
        Assert.Contains("Search 'mov' (1)", screen, StringComparison.Ordinal);
        Assert.Contains("Transfers (1 running, 2 finished)", screen, StringComparison.Ordinal);
        Assert.Contains("transferring", screen, StringComparison.Ordinal);
        Assert.Contains("50%", screen, StringComparison.Ordinal);
        Assert.Contains("█████", screen, StringComparison.Ordinal);
        Assert.Contains("done", screen, StringComparison.Ordinal);
        Assert.Contains("failed: verification", screen, StringComparison.Ordinal);
        Assert.Contains("sch <text>: Search files", screen, StringComparison.Ordinal);
        Assert.Contains("> sch mov", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void WideScreenShowsSpeedEtaAndPeerInFull()
    {
        var screen = string.Join('\n', ScreenText.Render(LoggedInScreen(), 160, 48));
        Assert.Contains("512.0 KB/1.0 MB", screen, StringComparison.Ordinal);
        Assert.Contains("256.0 KB/s", screen, StringComparison.Ordinal);
        Assert.Contains("ETA 0:02", screen, StringComparison.Ordinal);
        Assert.Contains("from bob", screen, StringComparison.Ordinal);
        Assert.Contains("failed: verification failed on every source", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void NarrowScreenStillShowsSpeedAndEta()
    {
        var screen = string.Join('\n', ScreenText.Render(LoggedInScreen(), 80, 24));
        Assert.Contains("512.0KB/1.0MB", screen, StringComparison.Ordinal);
        Assert.Contains("256.0KB/s", screen, StringComparison.Ordinal);
        Assert.Contains("0:02", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void LoggedOutStatusSaysSo()
    {
        var viewModel = new TuiViewModel
        {
            Status = new PeerStatus(null, "127.0.0.1:11502", null, null, TimeSpan.FromSeconds(1), "/s", 1),
            Connection = ConnectionState.Offline,
        };
        var screen = string.Join('\n', ScreenText.Render(viewModel, 80, 24));
        Assert.Contains("not logged in", screen, StringComparison.Ordinal);
        Assert.Contains("offline", screen, StringComparison.Ordinal);
        Assert.Contains("log in to see peers", screen, StringComparison.Ordinal);
        Assert.Contains(Input.HintBuilder.Idle[..40], screen, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputShowsTheNewestLinesAndScrollsBackWithPageUp()
    {
        var viewModel = new TuiViewModel();
        for (var i = 1; i <= 100; i++)
        {
            viewModel.Append(new OutputEntry($"line {i:000}"));
        }

        var bottom = string.Join('\n', ScreenText.Render(viewModel, 80, 24));
        Assert.Contains("line 100", bottom, StringComparison.Ordinal);
        Assert.DoesNotContain("line 050", bottom, StringComparison.Ordinal);

        for (var i = 0; i < 5; i++)
        {
            viewModel.PageUp();
        }

        var scrolled = string.Join('\n', ScreenText.Render(viewModel, 80, 24));
        Assert.DoesNotContain("line 100", scrolled, StringComparison.Ordinal);
        Assert.Contains("scrolled up", scrolled, StringComparison.Ordinal);

        for (var i = 0; i < 100; i++)
        {
            viewModel.PageUp();
        }

        var top = string.Join('\n', ScreenText.Render(viewModel, 80, 24));
        Assert.Contains("line 001", top, StringComparison.Ordinal);
    }

    [Fact]
    public void LongOutputLinesWrapInsteadOfBeingCut()
    {
        var viewModel = new TuiViewModel();
        var message = "Unknown command 'dance'. Available commands are: get, help, lap, lpf, pub, sch, unp, xit";
        viewModel.Append(new OutputEntry(message, OutputKind.Error));
        var screen = string.Join('\n', ScreenText.Render(viewModel, 80, 24));
        Assert.Contains("Unknown command 'dance'.", screen, StringComparison.Ordinal);
        Assert.Contains("unp, xit", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void TypedPasswordIsMaskedInTheCommandBox()
    {
        var viewModel = new TuiViewModel();
        viewModel.Editor.SetText("auth alice hunter2");
        var screen = string.Join('\n', ScreenText.Render(viewModel, 80, 24));
        Assert.DoesNotContain("hunter2", screen, StringComparison.Ordinal);
        Assert.Contains("auth alice *******", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void RunningCommandsAreNamedOnTheCommandBox()
    {
        var viewModel = new TuiViewModel();
        viewModel.Running.Add("get big.iso");
        var screen = string.Join('\n', ScreenText.Render(viewModel, 80, 24));
        Assert.Contains("running: get big.iso", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void LongCommandLineScrollsToKeepTheCursorVisible()
    {
        var viewModel = new TuiViewModel();
        viewModel.Editor.SetText("sch " + new string('x', 150) + "END");
        var screen = string.Join('\n', ScreenText.Render(viewModel, 80, 24));
        Assert.Contains("xEND", screen, StringComparison.Ordinal);
    }
}
