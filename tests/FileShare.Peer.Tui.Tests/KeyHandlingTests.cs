namespace FileShare.Peer.Tui.Tests;

public sealed class KeyHandlingTests
{
    [Fact]
    public void TypedCharactersAreInsertedAtTheCursor()
    {
        using var f = new ControllerFixture();
        f.Type("lp");
        f.Press(Keys.Of(ConsoleKey.LeftArrow));
        f.Type("a");
        Assert.Equal("lap", f.ViewModel.Editor.Text);
        Assert.Equal(2, f.ViewModel.Editor.Cursor);
    }

    [Fact]
    public void HomeAndEndMoveToTheEdges()
    {
        using var f = new ControllerFixture();
        f.Type("sch x");
        f.Press(Keys.Of(ConsoleKey.Home));
        Assert.Equal(0, f.ViewModel.Editor.Cursor);
        f.Press(Keys.Of(ConsoleKey.RightArrow), Keys.Of(ConsoleKey.End));
        Assert.Equal(5, f.ViewModel.Editor.Cursor);
        f.Press(Keys.Of(ConsoleKey.RightArrow));
        Assert.Equal(5, f.ViewModel.Editor.Cursor);
    }

    [Fact]
    public void BackspaceDeletesBeforeAndDeleteAtTheCursor()
    {
        using var f = new ControllerFixture();
        f.Type("abcd");
        f.Press(Keys.Of(ConsoleKey.LeftArrow), Keys.Of(ConsoleKey.LeftArrow), Keys.Of(ConsoleKey.Backspace));
        Assert.Equal("acd", f.ViewModel.Editor.Text);
        f.Press(Keys.Of(ConsoleKey.Delete));
        Assert.Equal("ad", f.ViewModel.Editor.Text);
        Assert.Equal(1, f.ViewModel.Editor.Cursor);
        f.Press(Keys.Of(ConsoleKey.Home), Keys.Of(ConsoleKey.Backspace));
        Assert.Equal("ad", f.ViewModel.Editor.Text);
    }

    [Fact]
    public void CtrlUDeletesFromTheStartToTheCursor()
    {
        using var f = new ControllerFixture();
        f.Type("get file.bin");
        f.Press(Keys.Of(ConsoleKey.LeftArrow), Keys.Of(ConsoleKey.LeftArrow), Keys.Of(ConsoleKey.LeftArrow), Keys.Ctrl(ConsoleKey.U));
        Assert.Equal("bin", f.ViewModel.Editor.Text);
        Assert.Equal(0, f.ViewModel.Editor.Cursor);
    }

    [Fact]
    public void CtrlWDeletesTheWordBeforeTheCursor()
    {
        using var f = new ControllerFixture();
        f.Type("get -f file.bin  ");
        f.Press(Keys.Ctrl(ConsoleKey.W));
        Assert.Equal("get -f ", f.ViewModel.Editor.Text);
        f.Press(Keys.Ctrl(ConsoleKey.W));
        Assert.Equal("get ", f.ViewModel.Editor.Text);
    }

    [Fact]
    public void EscapeClearsTheLine()
    {
        using var f = new ControllerFixture();
        f.Type("lpf");
        f.Press(Keys.Of(ConsoleKey.Escape));
        Assert.Equal("", f.ViewModel.Editor.Text);
    }

    [Fact]
    public async Task UpAndDownBrowseHistoryAndRestoreTheDraft()
    {
        using var f = new ControllerFixture();
        await f.RunAsync("lap");
        await f.RunAsync("lpf");
        f.Type("sch dr");
        f.Press(Keys.Of(ConsoleKey.UpArrow));
        Assert.Equal("lpf", f.ViewModel.Editor.Text);
        f.Press(Keys.Of(ConsoleKey.UpArrow));
        Assert.Equal("lap", f.ViewModel.Editor.Text);
        f.Press(Keys.Of(ConsoleKey.UpArrow));
        Assert.Equal("lap", f.ViewModel.Editor.Text);
        f.Press(Keys.Of(ConsoleKey.DownArrow));
        Assert.Equal("lpf", f.ViewModel.Editor.Text);
        f.Press(Keys.Of(ConsoleKey.DownArrow));
        Assert.Equal("sch dr", f.ViewModel.Editor.Text);
        Assert.Equal(6, f.ViewModel.Editor.Cursor);
    }

    [Fact]
    public async Task AuthLinesAreEchoedMaskedAndNeverKeptInHistory()
    {
        using var f = new ControllerFixture();
        await f.RunAsync("lap");
        await f.RunAsync("auth alice s3cret");
        Assert.DoesNotContain(f.ViewModel.History.Entries, e => e.Contains("s3cret", StringComparison.Ordinal));
        Assert.DoesNotContain(f.ViewModel.Output, o => o.Text.Contains("s3cret", StringComparison.Ordinal));
        Assert.Contains(f.ViewModel.Output, o => o.IsEcho && o.Text == "> auth alice ********");
        f.Press(Keys.Of(ConsoleKey.UpArrow));
        Assert.Equal("lap", f.ViewModel.Editor.Text);
    }

    [Fact]
    public void PasswordBeingTypedIsShownAsStars()
    {
        Assert.Equal("auth alice ******", Rendering.TuiRenderer.MaskForDisplay("auth alice s3cret"));
        Assert.Equal("auth alice", Rendering.TuiRenderer.MaskForDisplay("auth alice"));
        Assert.Equal("sch secret", Rendering.TuiRenderer.MaskForDisplay("sch secret"));
    }

    [Fact]
    public async Task F1ListsTheCommands()
    {
        using var f = new ControllerFixture();
        f.Press(Keys.Of(ConsoleKey.F1));
        await f.PumpUntilAsync(() => f.ViewModel.Output.Any(o => o.IsEcho));
        Assert.Contains("help", f.Peer.Executed);
        Assert.Contains(f.ViewModel.Output, o => o.Text == "> help");
    }

    [Fact]
    public void PageUpAndPageDownScrollTheOutput()
    {
        using var f = new ControllerFixture();
        f.ViewModel.OutputPageRows = 10;
        f.Press(Keys.Of(ConsoleKey.PageUp));
        Assert.Equal(9, f.ViewModel.ScrollOffset);
        f.Press(Keys.Of(ConsoleKey.PageDown), Keys.Of(ConsoleKey.PageDown));
        Assert.Equal(0, f.ViewModel.ScrollOffset);
    }
}
