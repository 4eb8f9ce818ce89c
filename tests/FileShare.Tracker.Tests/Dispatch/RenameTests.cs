using System.Net;
using FileShare.Protocol.Messages;
using FileShare.Tracker.Tests.Support;

namespace FileShare.Tracker.Tests.Dispatch;

public sealed class RenameTests : IDisposable
{
    private static readonly byte[] Hash = Enumerable.Repeat((byte)0xA1, 32).ToArray();
    private static readonly IPEndPoint HansAt = TrackerHarness.Endpoint(40001);
    private static readonly IPEndPoint MariaAt = TrackerHarness.Endpoint(40002, "127.0.0.2");

    private readonly TrackerHarness _tracker = new(new Dictionary<string, string> { ["hans"] = "falcon*solo", ["maria"] = "wise@!man" });

    public void Dispose() => _tracker.Dispose();

    [Fact]
    public void RenameMovesThePublicationForEveryone()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("draft.txt", 5, Hash), hans, HansAt);

        _tracker.SendExpect<OkReply>(new RenameRequest("draft.txt", "final.txt"), hans, HansAt);

        Assert.Equal(["final.txt"], _tracker.SendExpect<NameListReply>(new ListMyFilesRequest(null), hans, HansAt).Names);
        Assert.Equal(ErrorCode.NotFound, _tracker.SendExpect<ErrorReply>(new GetFileRequest("draft.txt", null), maria, MariaAt).Code);
        var candidate = Assert.Single(_tracker.SendExpect<FileCandidatesReply>(new GetFileRequest("final.txt", null), maria, MariaAt).Candidates);
        Assert.Equal(("hans", 5L), (candidate.UserName, candidate.Size));
    }

    [Fact]
    public void RenamingANameTheUserHasNotPublishedIsNotPublished()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("hers.txt", 5, Hash), maria, MariaAt);

        var reply = _tracker.SendExpect<ErrorReply>(new RenameRequest("hers.txt", "mine.txt"), hans, HansAt);

        Assert.Equal(ErrorCode.NotPublished, reply.Code);
        Assert.Equal(["hers.txt"], _tracker.SendExpect<NameListReply>(new ListMyFilesRequest(null), maria, MariaAt).Names);
    }

    [Fact]
    public void RenamingOntoANameTheUserAlreadyPublishesIsAlreadyExists()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 1, Hash), hans, HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("b.txt", 2, Hash), hans, HansAt);

        var onto = _tracker.SendExpect<ErrorReply>(new RenameRequest("a.txt", "b.txt"), hans, HansAt);
        var same = _tracker.SendExpect<ErrorReply>(new RenameRequest("a.txt", "a.txt"), hans, HansAt);

        Assert.Equal(ErrorCode.AlreadyExists, onto.Code);
        Assert.Equal(ErrorCode.AlreadyExists, same.Code);
        Assert.True(_tracker.Index.TryGet("hans", "b.txt", out var b));
        Assert.Equal(2, b.Size);
    }

    [Fact]
    public void RenamingOntoANameAnotherUserPublishesIsAllowed()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 1, Hash), hans, HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("b.txt", 2, Hash), maria, MariaAt);

        _tracker.SendExpect<OkReply>(new RenameRequest("a.txt", "b.txt"), hans, HansAt);

        Assert.True(_tracker.Index.TryGet("hans", "b.txt", out _));
        Assert.True(_tracker.Index.TryGet("maria", "b.txt", out _));
    }

    [Theory]
    [InlineData("a.txt", "dir/b.txt")]
    [InlineData("a.txt", "..")]
    [InlineData("a.txt", "")]
    [InlineData("bad\\name", "b.txt")]
    public void InvalidNamesAreRefusedWithTheReason(string oldName, string newName)
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 1, Hash), hans, HansAt);

        var reply = _tracker.SendExpect<ErrorReply>(new RenameRequest(oldName, newName), hans, HansAt);

        Assert.Equal(ErrorCode.InvalidName, reply.Code);
        Assert.Equal(FileShare.Protocol.NameRules.CheckFileName(oldName) ?? FileShare.Protocol.NameRules.CheckFileName(newName), reply.Text);
        Assert.Equal(["a.txt"], _tracker.Index.OwnNamesAfter("hans", null));
    }

    [Fact]
    public void RenameNeedsASession()
    {
        Assert.Equal(ErrorCode.NotAuthenticated, _tracker.SendExpect<ErrorReply>(new RenameRequest("a", "b"), new byte[16], HansAt).Code);
    }

    [Fact]
    public void AnAcknowledgedRenameSurvivesACrash()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 1, Hash), hans, HansAt);
        _tracker.SendExpect<OkReply>(new RenameRequest("a.txt", "b.txt"), hans, HansAt);

        _tracker.Crash();

        Assert.Equal(["b.txt"], _tracker.Index.OwnNamesAfter("hans", null));
    }

    [Fact]
    public void AnAcknowledgedRenameSurvivesAGracefulRestart()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 1, Hash), hans, HansAt);
        _tracker.SendExpect<OkReply>(new RenameRequest("a.txt", "b.txt"), hans, HansAt);

        _tracker.Restart();

        Assert.Equal(["b.txt"], _tracker.Index.OwnNamesAfter("hans", null));
        Assert.Equal(0, _tracker.Journal.JournalRecordCount);
    }

    [Fact]
    public void UndoingARenameRestoresTheOldName()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 1, Hash), hans, HansAt);

        _tracker.SendExpect<OkReply>(new RenameRequest("a.txt", "b.txt"), hans, HansAt);
        _tracker.SendExpect<OkReply>(new RenameRequest("b.txt", "a.txt"), hans, HansAt);
        _tracker.Crash();

        Assert.Equal(["a.txt"], _tracker.Index.OwnNamesAfter("hans", null));
    }
}
