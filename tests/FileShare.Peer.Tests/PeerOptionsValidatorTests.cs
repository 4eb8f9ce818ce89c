using FileShare.Peer.Core;

namespace FileShare.Peer.Tests;

public sealed class PeerOptionsValidatorTests
{
    [Fact]
    public void TheDefaultsAreValid() =>
        Assert.True(new PeerOptionsValidator().Validate(null, new PeerOptions()).Succeeded);

    [Fact]
    public void EachBadSettingIsNamedWithItsKey()
    {
        var options = new PeerOptions
        {
            DiscoveryTimeout = TimeSpan.Zero,
            RequestAttempts = 0,
            TrackerPort = 70000,
            MaxDownloadBytesPerSecond = -1,
            TransferBufferBytes = 10,
        };
        var result = new PeerOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Peer:DiscoveryTimeout", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Peer:RequestAttempts", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Peer:TrackerPort", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Peer:MaxDownloadBytesPerSecond", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Peer:TransferBufferBytes", StringComparison.Ordinal));
    }
}
