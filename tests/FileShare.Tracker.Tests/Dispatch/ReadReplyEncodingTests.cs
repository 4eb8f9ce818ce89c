using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker.Publications;
using FileShare.Tracker.Sessions;
using FileShare.Tracker.Tests.Support;

namespace FileShare.Tracker.Tests.Dispatch;

/// <summary>
/// The read replies (lpf, sch, lap, get) are written in place, page by page; these compare them byte for byte with
/// the record replies that <see cref="ReplyPaging"/> builds from the index's and the registry's list forms.
/// </summary>
public sealed class ReadReplyEncodingTests : IDisposable
{
    private const int Users = 300;
    private static readonly IPEndPoint From = TrackerHarness.Endpoint(40000, "127.0.0.1");
    private readonly TrackerHarness _tracker = new(new Dictionary<string, string>());
    private readonly Random _random = new(1405);
    private readonly List<Session> _sessions = [];

    public ReadReplyEncodingTests()
    {
        string[] words = ["alpha", "beta", "gamma", "ünïcødé", "report", "x"];
        for (var u = 0; u < Users; u++)
        {
            var user = UserName(u);
            if (u % 10 != 9)
            {
                _sessions.Add(_tracker.Sessions.Start(user, u % 7 == 0 ? "192.0.2.7" : "127.0.0.1", 7000 + u));
            }

            // Names shared by several users (get has pages of candidates), and some long ones (byte-limited pages).
            for (var f = 0; f < 3 + (u % 5); f++)
            {
                var number = (u * 7 + f * 13) % 400;
                var name = string.Create(CultureInfo.InvariantCulture, $"{words[number % words.Length]}-{number:D4}") + (number % 9 == 0 ? new string('€', 60) : ".dat");
                _tracker.Index.Publish(new Publication(user, name, number, SHA256.HashData(BitConverter.GetBytes(number))));
            }
        }
    }

    [Fact]
    public void ListMyFilesRepliesEqualTheRecordReplies()
    {
        for (var i = 0; i < 100; i++)
        {
            var requester = Requester();
            var after = _random.Next(3) == 0 ? null : Pick(_tracker.Index.OwnNamesAfter(requester.UserName, null).ToList());
            AssertSameReply(new ListMyFilesRequest(after), requester, ReplyPaging.NamePage(_tracker.Index.OwnNamesAfter(requester.UserName, after)));
        }
    }

    [Fact]
    public void SearchRepliesEqualTheRecordReplies()
    {
        string[] texts = ["", "a", "-0", "report", "€€€", "ünï", "-0123", "nothing-has-this", "x-"];
        for (var i = 0; i < 150; i++)
        {
            var requester = Requester();
            var text = texts[_random.Next(texts.Length)];
            var after = _random.Next(3) == 0 ? null : Pick(_tracker.Index.Search(text, requester.UserName, null, _tracker.Sessions).ToList());
            AssertSameReply(new SearchRequest(text, after), requester, ReplyPaging.NamePage(_tracker.Index.Search(text, requester.UserName, after, _tracker.Sessions)));
        }
    }

    [Fact]
    public void ListActivePeersRepliesEqualTheRecordReplies()
    {
        for (var i = 0; i < 100; i++)
        {
            var requester = Requester();
            var after = _random.Next(3) == 0 ? null : UserName(_random.Next(Users));
            AssertSameReply(new ListActivePeersRequest(after), requester, ReplyPaging.NamePage(_tracker.Sessions.ActiveUsersAfter(after, requester.UserName)));
        }
    }

    [Fact]
    public void ListPeerAddressesRepliesEqualTheRecordReplies()
    {
        for (var i = 0; i < 100; i++)
        {
            var requester = Requester();
            var after = _random.Next(3) == 0 ? null : UserName(_random.Next(Users));
            var peers = _tracker.Sessions.ActiveUsersAfter(after, requester.UserName)
                .Select(user => _tracker.Sessions.TryGetActive(user, out var peer) ? new PeerEntry(user, peer.Address, peer.FileServerPort) : null)
                .OfType<PeerEntry>();
            AssertSameReply(new ListPeerAddressesRequest(after), requester, ReplyPaging.PeerPage(peers));
        }
    }

    [Fact]
    public void GetFileRepliesEqualTheRecordReplies()
    {
        var expires = _tracker.Time.GetUtcNow().ToUnixTimeMilliseconds() + (long)_tracker.Options.Value.TicketLifetime.TotalMilliseconds;
        var answered = 0;
        for (var i = 0; i < 150; i++)
        {
            var requester = Requester();
            var name = Pick(_tracker.Index.Search(string.Empty, "nobody", null, new Everyone()).ToList())!;
            var publishers = _tracker.Index.ActivePublishersAfter(name, requester.UserName, null, _tracker.Sessions).ToList();
            var after = _random.Next(3) == 0 || publishers.Count == 0 ? null : publishers[_random.Next(publishers.Count)].Owner;
            var candidates = _tracker.Index.ActivePublishersAfter(name, requester.UserName, after, _tracker.Sessions).Select(p =>
            {
                Assert.True(_tracker.Sessions.TryGetActive(p.Owner, out var publisher));
                var ticket = DownloadTicket.Compute(publisher.TicketKey, requester.UserName, p.Name, p.Sha256, expires);
                return new FileCandidate(p.Owner, publisher.Address, publisher.FileServerPort, p.Size, p.Sha256, expires, ticket);
            }).ToList();
            if (candidates.Count == 0 && after is null)
            {
                continue; // answered NotFound, a record reply
            }

            answered++;
            AssertSameReply(new GetFileRequest(name, after), requester, ReplyPaging.CandidatePage(candidates));
        }

        Assert.True(answered > 50, $"only {answered} get requests had candidates");
    }

    public void Dispose() => _tracker.Dispose();

    private static string UserName(int number) => string.Create(CultureInfo.InvariantCulture, $"user{number:D3}");

    // Loopback requesters only: a remote requester would be handed this host's address facing it for loopback peers.
    private Session Requester()
    {
        Session session;
        do
        {
            session = _sessions[_random.Next(_sessions.Count)];
        }
        while (session.IsLoopback is false);

        return session;
    }

    private string? Pick(List<string> names) => names.Count == 0 ? null : names[_random.Next(names.Count)];

    private void AssertSameReply(Message request, Session requester, Message expected)
    {
        var id = _tracker.NextRequestId();
        var datagram = TrackerHarness.Datagram(request, requester.Token, id);
        var reply = _tracker.Service.Receive(datagram, From);
        var signed = new Envelope(id, requester.Token, expected) { Counter = MessageCodec.Decode(datagram).Counter };
        Assert.Equal(MessageCodec.EncodeSigned(signed, requester.Keys.ReplyKey), reply);
    }

    private sealed class Everyone : IPresence
    {
        public bool IsActive(string userName) => true;
    }
}
