namespace FileShare.Peer.Tui.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void TuiAssemblyLoads() => Assert.NotNull(typeof(TuiPlaceholder).Assembly);
}
