using System.Net;
using FileShare.Protocol.Messages;
using FileShare.Tracker.Tests.Support;

namespace FileShare.Tracker.Tests.Network;

public sealed class AddressHandoutTests : IDisposable
{
    private static readonly byte[] Hash = new byte[32];
    private readonly TrackerHarness _tracker = new(new Dictionary<string, string> { ["local"] = "l1", ["remote"] = "r1", ["other"] = "o1" });

    [Fact]
    public void LoopbackAddressIsNeverHandedToAnotherHost()
    {
        var localToken = _tracker.Login("local", "l1", TrackerHarness.Endpoint(40000, "127.0.0.1"));
        _tracker.SendExpect<OkReply>(new PublishRequest("shared.bin", 10, Hash), localToken, TrackerHarness.Endpoint(40000, "127.0.0.1"));
        var remoteToken = _tracker.Login("remote", "r1", TrackerHarness.Endpoint(40001, "192.0.2.50"));

        var candidates = _tracker.SendExpect<FileCandidatesReply>(new GetFileRequest("shared.bin", null), remoteToken, TrackerHarness.Endpoint(40001, "192.0.2.50"));
        var peers = _tracker.SendExpect<PeerListReply>(new ListPeerAddressesRequest(null), remoteToken, TrackerHarness.Endpoint(40001, "192.0.2.50"));

        foreach (var address in candidates.Candidates.Select(c => c.Address).Concat(peers.Peers.Select(p => p.Address)))
        {
            Assert.False(IPAddress.IsLoopback(IPAddress.Parse(address)), $"handed out {address}");
        }
    }

    [Fact]
    public void PeersOnTheSameHostSeeEachOtherAtLoopback()
    {
        var localToken = _tracker.Login("local", "l1", TrackerHarness.Endpoint(40000, "127.0.0.1"));
        _tracker.SendExpect<OkReply>(new PublishRequest("shared.bin", 10, Hash), localToken, TrackerHarness.Endpoint(40000, "127.0.0.1"));
        var otherToken = _tracker.Login("other", "o1", TrackerHarness.Endpoint(40002, "127.0.0.1"), fileServerPort: 7100);

        var candidate = Assert.Single(_tracker.SendExpect<FileCandidatesReply>(new GetFileRequest("shared.bin", null), otherToken, TrackerHarness.Endpoint(40002, "127.0.0.1")).Candidates);
        var peer = Assert.Single(_tracker.SendExpect<PeerListReply>(new ListPeerAddressesRequest(null), otherToken, TrackerHarness.Endpoint(40002, "127.0.0.1")).Peers);

        Assert.Equal("127.0.0.1", candidate.Address);
        Assert.Equal(new PeerEntry("local", "127.0.0.1", 7000), peer);
    }

    [Fact]
    public void RemotePeersAreListedWithTheAddressTheTrackerSaw()
    {
        var remoteToken = _tracker.Login("remote", "r1", TrackerHarness.Endpoint(40001, "192.0.2.50"), fileServerPort: 7200);
        var otherToken = _tracker.Login("other", "o1", TrackerHarness.Endpoint(40002, "198.51.100.7"));

        var peer = Assert.Single(_tracker.SendExpect<PeerListReply>(new ListPeerAddressesRequest(null), otherToken, TrackerHarness.Endpoint(40002, "198.51.100.7")).Peers);

        Assert.Equal(new PeerEntry("remote", "192.0.2.50", 7200), peer);
        Assert.NotNull(remoteToken);
    }

    public void Dispose() => _tracker.Dispose();
}
