using FileShare.Peer.Tui.Input;

namespace FileShare.Peer.Tui.Tests;

public sealed class HintTests
{
    [Fact]
    public void EmptyLineExplainsHowToStart() =>
        Assert.Equal(HintBuilder.Idle, HintBuilder.For(""));

    [Fact]
    public void KnownCommandShowsItsSynopsisAndDescription() =>
        Assert.Equal("get [-f] <file>: Download a file from a peer (-f replaces a differing local file)", HintBuilder.For("get fi"));

    [Fact]
    public void PrefixShowsEveryMatchingCommand()
    {
        var hint = HintBuilder.For("l");
        Assert.Contains("lap [-a]: List the other active peers", hint, StringComparison.Ordinal);
        Assert.Contains("lpf: List the files you have published", hint, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCommandIsNamedWithTheList()
    {
        var hint = HintBuilder.For("dance now");
        Assert.StartsWith("Unknown command 'dance'", hint, StringComparison.Ordinal);
        Assert.Contains("auth", hint, StringComparison.Ordinal);
    }
}
