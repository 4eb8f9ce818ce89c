using System.Net;
using FileShare.Protocol.Messages;
using FileShare.Tracker.Tests.Support;

namespace FileShare.Tracker.Tests.Dispatch;

/// <summary>Points PROTOCOL.md §21 used to leave open, as §9 now states them.</summary>
public sealed class DecidedOpenPointTests : IDisposable
{
    private static readonly byte[] Hash = Enumerable.Repeat((byte)0xA1, 32).ToArray();
    private static readonly IPEndPoint HansAt = TrackerHarness.Endpoint(40001);
    private static readonly IPEndPoint MariaAt = TrackerHarness.Endpoint(40002, "::ffff:127.0.0.2");

    private readonly TrackerHarness _tracker = new(new Dictionary<string, string>
    {
        ["hans"] = "falcon*solo",
        ["maria"] = "wise@!man",
    });

    public void Dispose() => _tracker.Dispose();

    [Fact]
    public void EmptySearchTextListsEveryNameOfOtherActivePublishersButNotTheSendersOwn()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("b.txt", 1, Hash), maria, MariaAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 1, Hash), maria, MariaAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("mine.txt", 1, Hash), hans, HansAt);

        var reply = _tracker.SendExpect<NameListReply>(new SearchRequest("", null), hans, HansAt);

        Assert.Equal(["a.txt", "b.txt"], reply.Names);
        Assert.False(reply.More);
    }

    [Fact]
    public void GetFileWithACursorPastTheLastCandidateGetsAnEmptyPageNotNotFound()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("f.bin", 1, Hash), maria, MariaAt);

        var past = _tracker.SendExpect<FileCandidatesReply>(new GetFileRequest("f.bin", "maria"), hans, HansAt);
        var unknown = _tracker.SendExpect<FileCandidatesReply>(new GetFileRequest("nothing", "a"), hans, HansAt);
        var first = _tracker.SendExpect<ErrorReply>(new GetFileRequest("nothing", null), hans, HansAt);

        Assert.Empty(past.Candidates);
        Assert.False(past.More);
        Assert.Empty(unknown.Candidates);
        Assert.Equal((ErrorCode.NotFound, "File not found"), (first.Code, first.Text));
    }

    [Fact]
    public void FileServerPortZeroIsStoredAndHandedOutUnchanged()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt, fileServerPort: 0);
        _tracker.SendExpect<OkReply>(new PublishRequest("f.bin", 1, Hash), maria, MariaAt);

        var candidate = Assert.Single(_tracker.SendExpect<FileCandidatesReply>(new GetFileRequest("f.bin", null), hans, HansAt).Candidates);
        var peer = Assert.Single(_tracker.SendExpect<PeerListReply>(new ListPeerAddressesRequest(null), hans, HansAt).Peers);

        Assert.Equal(0, candidate.Port);
        Assert.Equal(("maria", 0), (peer.UserName, peer.Port));
    }
}
