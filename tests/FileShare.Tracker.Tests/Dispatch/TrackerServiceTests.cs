using System.Net;
using FileShare.Protocol;
using MessagePack;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker.Tests.Support;
using Microsoft.Extensions.Logging;

namespace FileShare.Tracker.Tests.Dispatch;

public sealed class TrackerServiceTests : IDisposable
{
    private static readonly byte[] HashA = Enumerable.Repeat((byte)0xA1, 32).ToArray();
    private static readonly byte[] HashB = Enumerable.Repeat((byte)0xB2, 32).ToArray();
    private static readonly IPEndPoint HansAt = TrackerHarness.Endpoint(40001);
    private static readonly IPEndPoint MariaAt = TrackerHarness.Endpoint(40002, "::ffff:127.0.0.2");
    private static readonly IPEndPoint ZoeAt = TrackerHarness.Endpoint(40003, "127.0.0.3");

    private readonly TrackerHarness _tracker = new(new Dictionary<string, string>
    {
        ["hans"] = "falcon*solo",
        ["maria"] = "wise@!man",
        ["zoe"] = "zzz",
    });

    public void Dispose() => _tracker.Dispose();

    [Fact]
    public void LoginReturnsTokenTicketKeyTimingAndTheObservedAddressInIpv4Form()
    {
        var reply = Assert.IsType<AuthSuccessReply>(_tracker.TryLogin("maria", "wise@!man", MariaAt, fileServerPort: 9123));

        Assert.Equal(ProtocolLimits.SessionTokenBytes, reply.SessionToken.Length);
        Assert.Equal(ProtocolLimits.TicketKeyBytes, reply.TicketKey.Length);
        Assert.Equal(1000, reply.HeartbeatIntervalMs);
        Assert.Equal(3000, reply.SessionTimeoutMs);
        Assert.Equal("127.0.0.2", reply.ObservedAddress);
        Assert.True(_tracker.Sessions.TryGetActive("maria", out var session));
        Assert.Equal(9123, session.FileServerPort);
    }

    [Fact]
    public void SecondLoginOfActiveUserIsRefused()
    {
        _tracker.Login("hans", "falcon*solo", HansAt);

        var second = Assert.IsType<ErrorReply>(_tracker.TryLogin("hans", "falcon*solo", TrackerHarness.Endpoint(40100)));

        Assert.Equal(ErrorCode.AuthenticationFailed, second.Code);
    }

    [Fact]
    public void LoginIsAcceptedAfterLeave()
    {
        var token = _tracker.Login("hans", "falcon*solo", HansAt);

        _tracker.SendExpect<OkReply>(new LeaveRequest(), token, HansAt);

        Assert.IsType<AuthSuccessReply>(_tracker.TryLogin("hans", "falcon*solo", HansAt));
        Assert.Equal(ErrorCode.NotAuthenticated, _tracker.SendExpect<ErrorReply>(new ListMyFilesRequest(null), token, HansAt).Code);
    }

    [Fact]
    public void LoginIsAcceptedAfterTheTimeoutAndTheOldTokenIsDead()
    {
        var token = _tracker.Login("hans", "falcon*solo", HansAt);

        _tracker.Time.Advance(TimeSpan.FromSeconds(3) + TimeSpan.FromTicks(1));

        Assert.IsType<AuthSuccessReply>(_tracker.TryLogin("hans", "falcon*solo", HansAt));
        Assert.Equal(ErrorCode.NotAuthenticated, _tracker.SendExpect<ErrorReply>(new ListMyFilesRequest(null), token, HansAt).Code);
    }

    [Fact]
    public void HeartbeatKeepsTheSessionAliveAndIsNotAnswered()
    {
        var token = _tracker.Login("hans", "falcon*solo", HansAt);

        for (var i = 0; i < 5; i++)
        {
            _tracker.Time.Advance(TimeSpan.FromSeconds(1));
            Assert.Null(_tracker.Send(new HeartbeatRequest(), token, HansAt));
        }

        Assert.True(_tracker.Sessions.IsActive("hans"));
    }

    [Fact]
    public void HeartbeatWithUnknownTokenGetsNotAuthenticated()
    {
        var reply = _tracker.SendExpect<ErrorReply>(new HeartbeatRequest(), new byte[16], HansAt);

        Assert.Equal(ErrorCode.NotAuthenticated, reply.Code);
    }

    [Theory]
    [MemberData(nameof(AuthenticatedRequests))]
    public void RequestWithoutValidTokenGetsAnErrorNeverAnAction(Message request)
    {
        var token = _tracker.Login("hans", "falcon*solo", HansAt);
        _tracker.Time.Advance(TimeSpan.FromSeconds(4));

        // Without a token: NotAuthenticated, or no answer at all when even that is larger than the request.
        Assert.True(_tracker.Send(request, null, HansAt) is null or { Message: ErrorReply { Code: ErrorCode.NotAuthenticated } });
        Assert.Equal(ErrorCode.NotAuthenticated, _tracker.SendExpect<ErrorReply>(request, new byte[16], HansAt).Code);
        Assert.Equal(ErrorCode.NotAuthenticated, _tracker.SendExpect<ErrorReply>(request, token, HansAt).Code);
        Assert.Equal(0, _tracker.Index.Count);
    }

    public static TheoryData<Message> AuthenticatedRequests() => new()
    {
        new PublishRequest("a.txt", 1, HashA),
        new UnpublishRequest("a.txt"),
        new ListMyFilesRequest(null),
        new ListActivePeersRequest(null),
        new SearchRequest("a", null),
        new GetFileRequest("a.txt", null),
        new LeaveRequest(),
    };

    [Fact]
    public void PublishIsIdempotentAndListedByLpf()
    {
        var token = _tracker.Login("hans", "falcon*solo", HansAt);

        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 10, HashA), token, HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 10, HashA), token, HansAt);

        Assert.Equal(1, _tracker.Journal.JournalRecordCount);
        Assert.Equal(["a.txt"], _tracker.SendExpect<NameListReply>(new ListMyFilesRequest(null), token, HansAt).Names);
    }

    [Fact]
    public void RepublishWithNewHashReplacesTheOldOne()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 10, HashA), hans, HansAt);

        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 12, HashB), hans, HansAt);

        var candidate = Assert.Single(_tracker.SendExpect<FileCandidatesReply>(new GetFileRequest("a.txt", null), maria, MariaAt).Candidates);
        Assert.Equal(12, candidate.Size);
        Assert.Equal(HashB, candidate.Sha256);
    }

    [Fact]
    public void UnpublishFailsWhenTheUserHasNotPublishedTheName()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("maria.txt", 1, HashA), maria, MariaAt);

        var reply = _tracker.SendExpect<ErrorReply>(new UnpublishRequest("maria.txt"), hans, HansAt);

        Assert.Equal(ErrorCode.NotPublished, reply.Code);
        Assert.Equal(1, _tracker.Index.Count);
        _tracker.SendExpect<OkReply>(new UnpublishRequest("maria.txt"), maria, MariaAt);
        Assert.Equal(0, _tracker.Index.Count);
    }

    [Fact]
    public void PublicationsStayWhileOfflineAndAcrossLogins()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 1, HashA), hans, HansAt);
        _tracker.SendExpect<OkReply>(new LeaveRequest(), hans, HansAt);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt);

        Assert.Empty(_tracker.SendExpect<NameListReply>(new SearchRequest("a", null), maria, MariaAt).Names);

        hans = _tracker.Login("hans", "falcon*solo", HansAt);
        Assert.Equal(["a.txt"], _tracker.SendExpect<NameListReply>(new ListMyFilesRequest(null), hans, HansAt).Names);
        Assert.Equal(["a.txt"], _tracker.SendExpect<NameListReply>(new SearchRequest("a", null), maria, MariaAt).Names);
    }

    [Fact]
    public void LapListsActiveUsersOtherThanTheRequester()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        _tracker.Login("maria", "wise@!man", MariaAt);
        var zoe = _tracker.Login("zoe", "zzz", ZoeAt);
        _tracker.SendExpect<OkReply>(new LeaveRequest(), zoe, ZoeAt);

        var reply = _tracker.SendExpect<NameListReply>(new ListActivePeersRequest(null), hans, HansAt);

        Assert.Equal(["maria"], reply.Names);
        Assert.False(reply.More);
    }

    [Fact]
    public void SchAppliesEveryExclusion()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt);
        var zoe = _tracker.Login("zoe", "zzz", ZoeAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("report.pdf", 1, HashA), maria, MariaAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("Report.doc", 1, HashA), maria, MariaAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("report.pdf", 1, HashA), zoe, ZoeAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("shared-report", 1, HashA), zoe, ZoeAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("shared-report", 1, HashA), hans, HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("my-report", 1, HashA), hans, HansAt);

        var reply = _tracker.SendExpect<NameListReply>(new SearchRequest("report", null), hans, HansAt);

        // Case-sensitive, each name once, no own names, no names hans also publishes.
        Assert.Equal(["report.pdf"], reply.Names);
        _tracker.SendExpect<OkReply>(new LeaveRequest(), maria, MariaAt);
        _tracker.SendExpect<OkReply>(new LeaveRequest(), zoe, ZoeAt);
        Assert.Empty(_tracker.SendExpect<NameListReply>(new SearchRequest("report", null), hans, HansAt).Names);
    }

    [Fact]
    public void GetReturnsActivePublishersWithVerifiableTickets()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt, fileServerPort: 7001);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt, fileServerPort: 7002);
        var zoeReply = Assert.IsType<AuthSuccessReply>(_tracker.TryLogin("zoe", "zzz", ZoeAt, fileServerPort: 7003));
        var mariaKey = _tracker.Sessions.TryGetActive("maria", out var mariaSession) ? mariaSession.TicketKey : null;
        _tracker.SendExpect<OkReply>(new PublishRequest("f.bin", 5, HashA), maria, MariaAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("f.bin", 5, HashA), zoeReply.SessionToken, ZoeAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("f.bin", 5, HashA), hans, HansAt);

        var reply = _tracker.SendExpect<FileCandidatesReply>(new GetFileRequest("f.bin", null), hans, HansAt);

        Assert.False(reply.More);
        Assert.Equal(["maria", "zoe"], reply.Candidates.Select(c => c.UserName));
        var expires = _tracker.Time.GetUtcNow().AddMinutes(10).ToUnixTimeMilliseconds();
        var first = reply.Candidates[0];
        Assert.Equal(("127.0.0.2", 7002, 5L), (first.Address, first.Port, first.Size));
        Assert.Equal(expires, first.TicketExpiresUnixMs);
        Assert.True(DownloadTicket.Verify(mariaKey!, "hans", "f.bin", HashA, expires, first.Ticket, expires));
        Assert.False(DownloadTicket.Verify(mariaKey!, "zoe", "f.bin", HashA, expires, first.Ticket, expires));
        Assert.False(DownloadTicket.Verify(mariaKey!, "hans", "f.bin", HashA, expires, first.Ticket, expires + 1));
        var second = reply.Candidates[1];
        Assert.Equal(("127.0.0.3", 7003), (second.Address, second.Port));
        Assert.True(DownloadTicket.Verify(zoeReply.TicketKey, "hans", "f.bin", HashA, expires, second.Ticket, expires));
    }

    [Fact]
    public void GetWithNoActiveOtherPublisherIsNotFound()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("f.bin", 5, HashA), hans, HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("g.bin", 5, HashA), maria, MariaAt);
        _tracker.SendExpect<OkReply>(new LeaveRequest(), maria, MariaAt);

        Assert.Equal(ErrorCode.NotFound, _tracker.SendExpect<ErrorReply>(new GetFileRequest("f.bin", null), hans, HansAt).Code);
        Assert.Equal(ErrorCode.NotFound, _tracker.SendExpect<ErrorReply>(new GetFileRequest("g.bin", null), hans, HansAt).Code);
        Assert.Equal(ErrorCode.NotFound, _tracker.SendExpect<ErrorReply>(new GetFileRequest("nothing", null), hans, HansAt).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("dir/file")]
    [InlineData("dir\\file")]
    [InlineData("nul\0byte")]
    [InlineData("tab\tname")]
    public void InvalidNamesAreRefusedWithAClearError(string name)
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);

        var publish = _tracker.SendExpect<ErrorReply>(new PublishRequest(name, 1, HashA), hans, HansAt);
        var unpublish = _tracker.SendExpect<ErrorReply>(new UnpublishRequest(name), hans, HansAt);
        var get = _tracker.SendExpect<ErrorReply>(new GetFileRequest(name, null), hans, HansAt);

        Assert.All([publish, unpublish, get], e => Assert.Equal(ErrorCode.InvalidName, e.Code));
        Assert.Equal(NameRules.CheckFileName(name), publish.Text);
        Assert.Equal(0, _tracker.Index.Count);
    }

    [Fact]
    public void NameOfExactly255BytesIsAcceptedAndLongerIsRefused()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);

        _tracker.SendExpect<OkReply>(new PublishRequest(new string('é', 127) + "x", 1, HashA), hans, HansAt);

        var tooLong = TrackerHarness.Datagram(new PublishRequest(new string('x', 200) + new string('é', 28), 1, HashA), hans, 77);
        var reply = MessageCodec.Decode(_tracker.Service.Handle(tooLong, HansAt)!);
        Assert.Equal(77u, reply.RequestId);
        Assert.IsType<ErrorReply>(reply.Message);
    }

    [Fact]
    public void LongListsArePagedWithStableSortedOrder()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt);
        var names = Enumerable.Range(0, 600).Select(i => $"file-{i:D4}-{new string('x', i % 40)}").ToList();
        foreach (var name in names.OrderBy(_ => Guid.NewGuid()))
        {
            _tracker.SendExpect<OkReply>(new PublishRequest(name, 1, HashA), maria, MariaAt);
        }

        var own = ReadAllPages(after => _tracker.SendExpect<NameListReply>(new ListMyFilesRequest(after), maria, MariaAt), out var ownPages);
        var found = ReadAllPages(after => _tracker.SendExpect<NameListReply>(new SearchRequest("file", after), hans, HansAt), out var searchPages);

        var expected = names.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, own);
        Assert.Equal(expected, found);
        Assert.True(ownPages >= 3, $"expected several pages, got {ownPages}");
        Assert.Equal(ownPages, searchPages);
    }

    [Fact]
    public void CandidatesArePagedByUserName()
    {
        var users = Enumerable.Range(0, 40).ToDictionary(i => $"user{i:D2}", i => "pw");
        using var tracker = new TrackerHarness(users);
        var tokens = users.Keys.ToDictionary(u => u, u => tracker.Login(u, "pw", TrackerHarness.Endpoint(41000 + int.Parse(u[4..], System.Globalization.CultureInfo.InvariantCulture))));
        foreach (var (user, token) in tokens.Where(t => t.Key != "user00"))
        {
            tracker.SendExpect<OkReply>(new PublishRequest("big.iso", 1, HashA), token, TrackerHarness.Endpoint(41000 + int.Parse(user[4..], System.Globalization.CultureInfo.InvariantCulture)));
        }

        var from = TrackerHarness.Endpoint(41000);
        var all = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var page = tracker.SendExpect<FileCandidatesReply>(new GetFileRequest("big.iso", after), tokens["user00"], from);
            pages++;
            all.AddRange(page.Candidates.Select(c => c.UserName));
            if (!page.More)
            {
                break;
            }

            after = page.Candidates[^1].UserName;
        }

        Assert.True(pages >= 2);
        Assert.Equal(users.Keys.Where(u => u != "user00").Order(StringComparer.Ordinal), all);
    }

    [Fact]
    public void DuplicateRequestIdIsAnsweredFromTheCacheAndNotExecutedTwice()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 1, HashA), hans, HansAt);
        var unpublish = TrackerHarness.Datagram(new UnpublishRequest("a.txt"), hans, 500);

        var first = _tracker.Service.Handle(unpublish, HansAt);
        var second = _tracker.Service.Handle(unpublish, HansAt);

        Assert.Equal(first, second);
        Assert.IsType<OkReply>(MessageCodec.Decode(second!).Message);
        Assert.Equal(2, _tracker.Journal.JournalRecordCount);
        var third = _tracker.Service.Handle(TrackerHarness.Datagram(new UnpublishRequest("a.txt"), hans, 501), HansAt);
        Assert.Equal(ErrorCode.NotPublished, Assert.IsType<ErrorReply>(MessageCodec.Decode(third!).Message).Code);
    }

    [Fact]
    public void RetransmittedProofGetsTheSameSuccessInsteadOfAlreadyActive()
    {
        var nonce = "client-nonce";
        var challenge = _tracker.SendExpect<AuthChallengeReply>(new AuthStartRequest("hans", nonce, 7000, PeerCapabilities.SignedSessions), null, HansAt);
        var keys = ScramSha256.DeriveKeys("falcon*solo", challenge.Salt, challenge.Iterations);
        var proof = ScramSha256.ClientProof(keys, ScramSha256.AuthMessage("hans", nonce, challenge.CombinedNonce, challenge.Salt, challenge.Iterations));
        var datagram = MessageCodec.Encode(new Envelope(900, null, new AuthProofRequest(challenge.CombinedNonce, proof)));

        var first = MessageCodec.Decode(_tracker.Service.Handle(datagram, HansAt)!);
        var again = MessageCodec.Decode(_tracker.Service.Handle(datagram, HansAt)!);

        Assert.Equal(
            Assert.IsType<AuthSuccessReply>(first.Message).SessionToken,
            Assert.IsType<AuthSuccessReply>(again.Message).SessionToken);
    }

    [Fact]
    public void SameRequestIdFromAnotherEndpointIsExecutedSeparately()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        var maria = _tracker.Login("maria", "wise@!man", MariaAt);

        _tracker.Send(new PublishRequest("h", 1, HashA), hans, HansAt, requestId: 1000);
        _tracker.Send(new PublishRequest("m", 1, HashA), maria, MariaAt, requestId: 1000);

        Assert.Equal(2, _tracker.Index.Count);
    }

    [Fact]
    public void AfterTheCachedReplyExpiresTheRequestIsNeverRunAgain()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 1, HashA), hans, HansAt);
        var unpublish = TrackerHarness.Datagram(new UnpublishRequest("a.txt"), hans, 600);
        _tracker.Service.Handle(unpublish, HansAt);

        for (var i = 0; i < 30; i++)
        {
            _tracker.Time.Advance(TimeSpan.FromSeconds(1));
            _tracker.Send(new HeartbeatRequest(), hans, HansAt);
        }

        // Its counter has run: a late copy is a replay, neither run nor answered.
        Assert.Null(_tracker.Service.Handle(unpublish, HansAt));
        Assert.Equal(ErrorCode.NotPublished, _tracker.SendExpect<ErrorReply>(new UnpublishRequest("a.txt"), hans, HansAt).Code);
    }

    [Fact]
    public void GarbageIsDroppedAndLoggedAndTheNextRequestIsServed()
    {
        Assert.Null(_tracker.Service.Handle(new byte[] { 0xC1, 0x00, 0xFF }, HansAt));
        Assert.Null(_tracker.Service.Handle(Array.Empty<byte>(), HansAt));
        Assert.Null(_tracker.Service.Handle(new byte[1300], HansAt));

        Assert.IsType<DiscoveryAnswer>(_tracker.Send(new DiscoveryProbe(), null, HansAt)!.Message);
        Assert.Equal(3, _tracker.BadDatagramLogger.Messages(LogLevel.Warning).Count());
    }

    [Fact]
    public void BadDatagramLoggingIsRateLimited()
    {
        for (var i = 0; i < 25; i++)
        {
            _tracker.Service.Handle(new byte[] { 0xC1 }, HansAt);
        }

        Assert.Equal(10, _tracker.BadDatagramLogger.Messages(LogLevel.Warning).Count());
        _tracker.Time.Advance(TimeSpan.FromSeconds(10));
        _tracker.Service.Handle(new byte[] { 0xC1 }, HansAt);
        var messages = _tracker.BadDatagramLogger.Messages(LogLevel.Warning).ToList();
        Assert.Contains(messages, m => m.Contains("15 more bad datagrams", StringComparison.Ordinal));
        Assert.Equal(12, messages.Count);
    }

    [Fact]
    public void UnsupportedVersionIsAnsweredWithTheErrorAndTheSameRequestId()
    {
        var datagram = RawEnvelope(version: 9, type: (int)MessageType.DiscoveryProbe, requestId: 4242);

        var reply = MessageCodec.Decode(_tracker.Service.Handle(datagram, HansAt)!);

        Assert.Equal(4242u, reply.RequestId);
        Assert.Equal(ErrorCode.UnsupportedVersion, Assert.IsType<ErrorReply>(reply.Message).Code);
    }

    [Fact]
    public void UnknownTypeIsAnsweredWithUnknownMessageType()
    {
        var datagram = RawEnvelope(version: 1, type: 0x7E, requestId: 17);

        var reply = MessageCodec.Decode(_tracker.Service.Handle(datagram, HansAt)!);

        Assert.Equal(17u, reply.RequestId);
        Assert.Equal(ErrorCode.UnknownMessageType, Assert.IsType<ErrorReply>(reply.Message).Code);
    }

    [Fact]
    public void ReadableEnvelopeWithBadBodyIsABadRequest()
    {
        var datagram = RawEnvelope(version: 1, type: (int)MessageType.Publish, requestId: 18);

        var reply = MessageCodec.Decode(_tracker.Service.Handle(datagram, HansAt)!);

        Assert.Equal(ErrorCode.BadRequest, Assert.IsType<ErrorReply>(reply.Message).Code);
    }

    [Fact]
    public void RepliesSentToTheTrackerAreDroppedSoTwoTrackersCannotPingPong()
    {
        Assert.Null(_tracker.Service.Handle(MessageCodec.Encode(new Envelope(1, null, new ErrorReply(ErrorCode.BadRequest, "x"))), HansAt));
        Assert.Null(_tracker.Service.Handle(MessageCodec.Encode(new Envelope(2, null, new OkReply())), HansAt));

        // Malformed ones too: an Ok whose body holds a field Ok does not have room for, an Error without its text.
        Assert.Null(_tracker.Service.Handle(RawEnvelope(version: 1, type: (int)MessageType.Error, requestId: 3, padding: 0), HansAt));
    }

    [Fact]
    public void ADroppedReplyIsLoggedWithItsRealSize()
    {
        var names = new NameListReply([.. Enumerable.Range(0, 20).Select(i => $"name-{i}.txt")], false);
        var datagram = MessageCodec.Encode(new Envelope(4, null, names));

        Assert.Null(_tracker.Service.Handle(datagram, HansAt));

        Assert.Contains(_tracker.BadDatagramLogger.Messages(LogLevel.Warning), m => m.Contains($"({datagram.Length} bytes), dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void DiscoveryAnswersWithNameAndPort()
    {
        var answer = _tracker.SendExpect<DiscoveryAnswer>(new DiscoveryProbe(), null, HansAt);

        Assert.Equal(("FileShare tracker", 11502), (answer.TrackerName, answer.Port));
    }

    [Fact]
    public void RegistrationIsDisabledByDefault()
    {
        var start = _tracker.SendExpect<ErrorReply>(new RegisterStartRequest("newbie"), null, HansAt);
        var finish = _tracker.SendExpect<ErrorReply>(new RegisterFinishRequest("newbie", new byte[16], new byte[32], new byte[32]), null, HansAt);

        Assert.Equal(ErrorCode.RegistrationDisabled, start.Code);
        Assert.Equal(ErrorCode.RegistrationDisabled, finish.Code);
        Assert.False(_tracker.Credentials.Contains("newbie"));
    }

    [Fact]
    public void SweepExpiresSessions()
    {
        _tracker.Login("hans", "falcon*solo", HansAt);
        _tracker.Time.Advance(TimeSpan.FromSeconds(4));

        _tracker.Service.RunMaintenance();

        Assert.Equal(0, _tracker.Sessions.Count);
    }

    [Fact]
    public void MaintenanceCompactsTheJournalWhenDue()
    {
        using var tracker = new TrackerHarness(new Dictionary<string, string> { ["hans"] = "pw" }, o => o.SnapshotThreshold = 5);
        var token = tracker.Login("hans", "pw", HansAt);
        for (var i = 0; i < 5; i++)
        {
            tracker.SendExpect<OkReply>(new PublishRequest($"f{i}", 1, HashA), token, HansAt);
        }

        tracker.Service.RunMaintenance();

        Assert.Equal(0, tracker.Journal.JournalRecordCount);
        tracker.Crash();
        Assert.Equal(5, tracker.Index.Count);
    }

    [Fact]
    public void AcknowledgedPublicationsSurviveACrashAndARestart()
    {
        var hans = _tracker.Login("hans", "falcon*solo", HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("a.txt", 1, HashA), hans, HansAt);
        _tracker.SendExpect<OkReply>(new PublishRequest("b.txt", 2, HashB), hans, HansAt);
        _tracker.SendExpect<OkReply>(new UnpublishRequest("a.txt"), hans, HansAt);

        _tracker.Crash();
        Assert.Equal(["b.txt"], _tracker.Index.OwnNamesAfter("hans", null));

        _tracker.Restart();
        Assert.Equal(["b.txt"], _tracker.Index.OwnNamesAfter("hans", null));
        Assert.True(_tracker.Index.TryGet("hans", "b.txt", out var b));
        Assert.Equal(HashB, b.Sha256);
    }

    private static List<string> ReadAllPages(Func<string?, NameListReply> request, out int pages)
    {
        var all = new List<string>();
        string? after = null;
        pages = 0;
        while (true)
        {
            var page = request(after);
            pages++;
            all.AddRange(page.Names);
            if (!page.More)
            {
                return all;
            }

            Assert.NotEmpty(page.Names);
            after = page.Names[^1];
        }
    }

    // Padded with a trailing bin in the body (skipped, or the reason of a BadRequest) so that an error answer fits: a
    // refusal is never larger than the datagram it answers.
    private static byte[] RawEnvelope(int version, int type, uint requestId, int padding = 100)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(6);
        writer.Write(MessageCodec.Magic);
        writer.Write(version);
        writer.Write(type);
        writer.Write((long)requestId);
        writer.WriteNil();
        if (padding > 0)
        {
            writer.WriteArrayHeader(1);
            writer.Write(new byte[padding]);
        }
        else
        {
            writer.WriteArrayHeader(0);
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
