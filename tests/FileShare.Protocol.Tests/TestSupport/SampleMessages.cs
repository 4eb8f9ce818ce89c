using System.Text;
using FileShare.Protocol.Messages;

namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>One realistic instance of every control message, in envelopes as they travel.</summary>
public static class SampleMessages
{
    public static readonly byte[] Token = Bytes.Pattern(ProtocolLimits.SessionTokenBytes, seed: 100);
    public static readonly byte[] Sha = Bytes.Pattern(ProtocolLimits.Sha256Bytes, seed: 101);
    public static readonly byte[] Ticket = Bytes.Pattern(ProtocolLimits.TicketKeyBytes, seed: 102);
    public static readonly byte[] Salt = Bytes.Pattern(ProtocolLimits.SaltBytes, seed: 103);
    public static readonly byte[] Key32A = Bytes.Pattern(32, seed: 104);
    public static readonly byte[] Key32B = Bytes.Pattern(32, seed: 105);
    public static readonly byte[] Key32C = Bytes.Pattern(32, seed: 106);

    /// <summary>A 255-byte file name mixing ASCII and multi-byte UTF-8.</summary>
    public static readonly string LongName = "é" + new string('€', 84) + ".";

    public static FileCandidate Candidate(string user, string address, int port = 40123) =>
        new(user, address, port, 734_003_200L, Sha, 1_767_225_600_000L, Ticket);

    /// <summary>Every message type, keyed by a readable name for test output.</summary>
    public static IReadOnlyList<(string Name, Envelope Envelope)> All { get; } =
    [
        ("DiscoveryProbe", new Envelope(1, null, new DiscoveryProbe())),
        ("DiscoveryAnswer", new Envelope(1, null, new DiscoveryAnswer("tracker on lab-pc", 9876))),
        ("AuthStart", new Envelope(2, null, new AuthStartRequest("alice", "rOprNGfwEbeRWgbNEkqO", 40123))),
        ("AuthChallenge", new Envelope(2, null, new AuthChallengeReply("rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0", Salt, 4096))),
        ("AuthProof", new Envelope(3, null, new AuthProofRequest("rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0", Key32A))),
        ("AuthSuccess", new Envelope(3, null, new AuthSuccessReply(Key32B, Token, Key32C, 5_000, 15_000, "192.0.2.17"))),
        ("Heartbeat", new Envelope(4, Token, new HeartbeatRequest())),
        ("Leave", new Envelope(5, Token, new LeaveRequest())),
        ("Publish", new Envelope(6, Token, new PublishRequest("holiday photos 2024.zip", 734_003_200L, Sha))),
        ("PublishHuge", new Envelope(uint.MaxValue, Token, new PublishRequest(LongName, ProtocolLimits.MaxFileSize, Sha))),
        ("Unpublish", new Envelope(7, Token, new UnpublishRequest("notes.txt"))),
        ("ListMyFilesFirst", new Envelope(8, Token, new ListMyFilesRequest(null))),
        ("ListMyFilesNext", new Envelope(9, Token, new ListMyFilesRequest("m.txt"))),
        ("ListActivePeers", new Envelope(10, Token, new ListActivePeersRequest("bob"))),
        ("ListPeerAddresses", new Envelope(10, Token, new ListPeerAddressesRequest(null))),
        ("Search", new Envelope(11, Token, new SearchRequest("photo", null))),
        ("SearchNext", new Envelope(12, Token, new SearchRequest("photo", "photos-2023.zip"))),
        ("GetFile", new Envelope(13, Token, new GetFileRequest("holiday photos 2024.zip", null))),
        ("GetFileNext", new Envelope(14, Token, new GetFileRequest("holiday photos 2024.zip", "carol"))),
        ("Rename", new Envelope(15, Token, new RenameRequest("draft.txt", "final – v2 ✓.txt"))),
        ("RegisterStart", new Envelope(16, null, new RegisterStartRequest("new.user_1"))),
        ("RegisterChallenge", new Envelope(16, null, new RegisterChallengeReply(Salt, 4096))),
        ("RegisterFinish", new Envelope(17, null, new RegisterFinishRequest("new.user_1", Salt, Key32A, Key32B))),
        ("ChangePasswordStart", new Envelope(18, Token, new ChangePasswordStartRequest())),
        ("ChangePasswordChallenge", new Envelope(18, Token, new ChangePasswordChallengeReply("n0nce+/=", Salt, 4096, Bytes.Pattern(16, seed: 9), 10_000))),
        ("ChangePasswordFinish", new Envelope(19, Token, new ChangePasswordFinishRequest("n0nce+/=", Key32A, Key32B, Key32C))),
        ("Ok", new Envelope(20, null, new OkReply())),
        ("Error", new Envelope(21, null, new ErrorReply(ErrorCode.NotAuthenticated, "Session expired: log in again."))),
        ("ErrorUnknownCode", new Envelope(22, null, new ErrorReply((ErrorCode)999, "A code from a newer tracker."))),
        ("NameListEmpty", new Envelope(23, null, new NameListReply([], false))),
        ("NameListPage", new Envelope(24, null, new NameListReply(
            Enumerable.Range(0, 20).Select(i => $"file-{i:D3}.bin").Append(LongName).ToArray(), true))),
        ("FileCandidatesEmpty", new Envelope(25, null, new FileCandidatesReply([], false))),
        ("FileCandidatesPage", new Envelope(26, null, new FileCandidatesReply(
        [
            Candidate("alice", "192.0.2.10"),
            Candidate("bob", "2001:db8::1", 65535),
            Candidate("carol", "::ffff:198.51.100.7", 0),
        ], true))),
        ("PeerListPage", new Envelope(27, null, new PeerListReply(
        [
            new PeerEntry("alice", "10.200.0.11", 40213),
            new PeerEntry("bob", "2001:db8::2", 0),
        ], false))),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in All)
        {
            data.Add(name);
        }

        return data;
    }

    public static Envelope Get(string name) => All.Single(sample => sample.Name == name).Envelope;

    /// <summary>Sanity: the long name really is the longest allowed.</summary>
    public static int LongNameBytes => Encoding.UTF8.GetByteCount(LongName);
}
