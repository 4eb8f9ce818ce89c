using FileShare.Peer.Core.Commands;

namespace FileShare.Peer.Tui.Tests;

public sealed class CompletionTests
{
    [Fact]
    public void TabCompletesAUniqueCommandWithASpace()
    {
        using var f = new ControllerFixture();
        f.Type("un");
        f.Press(Keys.Of(ConsoleKey.Tab));
        Assert.Equal("unp ", f.ViewModel.Editor.Text);
        Assert.Equal(4, f.ViewModel.Editor.Cursor);
    }

    [Fact]
    public void TabOnAnAmbiguousCommandListsTheMatchesInTheHint()
    {
        using var f = new ControllerFixture();
        f.Type("l");
        f.Press(Keys.Of(ConsoleKey.Tab));
        Assert.Equal("l", f.ViewModel.Editor.Text);
        Assert.Equal(["lap", "lpf"], f.ViewModel.CompletionCandidates);
        Assert.Contains("lap", f.ViewModel.Hint, StringComparison.Ordinal);
        Assert.Contains("lpf", f.ViewModel.Hint, StringComparison.Ordinal);
        f.Type("a");
        Assert.Empty(f.ViewModel.CompletionCandidates);
    }

    [Fact]
    public void PubCompletesLocalFileNames()
    {
        using var f = new ControllerFixture();
        f.Peer.Files.AddRange(["report.pdf", "photo.jpg", "photos.zip"]);
        f.Type("pub r");
        f.Press(Keys.Of(ConsoleKey.Tab));
        Assert.Equal("pub report.pdf", f.ViewModel.Editor.Text);

        f.Press(Keys.Ctrl(ConsoleKey.U));
        f.Type("pub ph");
        f.Press(Keys.Of(ConsoleKey.Tab));
        Assert.Equal("pub photo", f.ViewModel.Editor.Text);
        Assert.Equal(["photo.jpg", "photos.zip"], f.ViewModel.CompletionCandidates);
    }

    [Fact]
    public void UnpCompletesMyPublications()
    {
        using var f = new ControllerFixture();
        f.Peer.Files.Add("local-only.txt");
        f.Peer.Published.Add("shared.iso");
        f.Type("unp ");
        f.Press(Keys.Of(ConsoleKey.Tab));
        Assert.Equal("unp shared.iso", f.ViewModel.Editor.Text);
    }

    [Fact]
    public async Task GetCompletesTheLastSearchResultsAlsoAfterMinusF()
    {
        using var f = new ControllerFixture();
        f.Peer.LoggedIn = true;
        f.Peer.Results["sch mov"] = () => Task.FromResult(new CommandResult(
            [new OutputLine("2 files found:"), new OutputLine("movie one.mkv"), new OutputLine("movie two.mkv")]));
        await f.RunAsync("sch mov");
        Assert.Equal(["movie one.mkv", "movie two.mkv"], f.ViewModel.SearchResults);

        f.Type("get movie t");
        f.Press(Keys.Of(ConsoleKey.Tab));
        Assert.Equal("get movie two.mkv", f.ViewModel.Editor.Text);

        f.Press(Keys.Ctrl(ConsoleKey.U));
        f.Type("get -f movie o");
        f.Press(Keys.Of(ConsoleKey.Tab));
        Assert.Equal("get -f movie one.mkv", f.ViewModel.Editor.Text);
    }

    [Fact]
    public void CompletionWorksOnTheTextBeforeTheCursor()
    {
        var sources = new Input.CompletionSources(() => [], () => [], () => []);
        var result = Input.Completer.Complete("xi tail", 2, sources);
        Assert.Equal("xit  tail", result.Text);
        Assert.Equal(4, result.Cursor);
    }

    [Fact]
    public void NoMatchLeavesTheLineAlone()
    {
        using var f = new ControllerFixture();
        f.Type("get zz");
        f.Press(Keys.Of(ConsoleKey.Tab));
        Assert.Equal("get zz", f.ViewModel.Editor.Text);
        Assert.Empty(f.ViewModel.CompletionCandidates);
    }
}
