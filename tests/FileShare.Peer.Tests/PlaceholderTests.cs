namespace FileShare.Peer.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void PeerAssemblyLoads() => Assert.NotNull(typeof(FileShare.Peer.Program).Assembly);
}
