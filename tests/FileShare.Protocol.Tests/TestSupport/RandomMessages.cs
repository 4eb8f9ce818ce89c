using System.Text;
using FileShare.Protocol.Messages;
using L = FileShare.Protocol.ProtocolLimits;

namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>Seeded random envelopes of every type, biased to the edges of each encoding family.</summary>
internal static class RandomMessages
{
    private static readonly string[] Alphabet = ["a", "Z", "0", ".", " ", "é", "ß", "€", "文", "😀", "\u0001", "~"];

    public static Envelope Envelope(Random r)
    {
        var token = r.Next(2) == 0 ? null : Bytes(r, L.SessionTokenBytes);
        return new Envelope(RequestId(r), token, Message(r));
    }

    private static uint RequestId(Random r) => r.Next(4) switch
    {
        0 => (uint)r.Next(0, 300),
        1 => (uint)r.Next(0, 70000),
        2 => uint.MaxValue - (uint)r.Next(0, 3),
        _ => (uint)r.NextInt64(0, (long)uint.MaxValue + 1),
    };

    public static Message Message(Random r) => r.Next(27) switch
    {
        0 => new DiscoveryProbe(),
        1 => new DiscoveryAnswer(Str(r, L.MaxStringBytes), Int(r, 0, 65535)),
        2 => new AuthStartRequest(Str(r, L.MaxUserNameBytes), Str(r, 128), Int(r, 0, 65535)),
        3 => new AuthChallengeReply(Str(r, L.MaxStringBytes), Bytes(r, r.Next(0, 65)), Int(r, 1, int.MaxValue)),
        4 => new AuthProofRequest(Str(r, L.MaxStringBytes), Bytes(r, 32)),
        5 => new AuthSuccessReply(Bytes(r, 32), Bytes(r, 16), Bytes(r, 32), Int(r, 1, int.MaxValue), Int(r, 1, int.MaxValue), Str(r, 45)),
        6 => new HeartbeatRequest(),
        7 => new LeaveRequest(),
        8 => new PublishRequest(Str(r, L.MaxFileNameBytes), Long(r, 0, L.MaxFileSize), Bytes(r, 32)),
        9 => new UnpublishRequest(Str(r, L.MaxFileNameBytes)),
        10 => new ListMyFilesRequest(NullableStr(r, L.MaxFileNameBytes)),
        11 => new ListActivePeersRequest(NullableStr(r, L.MaxUserNameBytes)),
        12 => new SearchRequest(Str(r, L.MaxFileNameBytes), NullableStr(r, L.MaxFileNameBytes)),
        13 => new GetFileRequest(Str(r, L.MaxFileNameBytes), NullableStr(r, L.MaxUserNameBytes)),
        14 => new RenameRequest(Str(r, L.MaxFileNameBytes), Str(r, L.MaxFileNameBytes)),
        15 => new ListPeerAddressesRequest(NullableStr(r, L.MaxUserNameBytes)),
        16 => new RegisterStartRequest(Str(r, L.MaxUserNameBytes)),
        17 => new RegisterChallengeReply(Bytes(r, r.Next(0, 65)), Int(r, 1, int.MaxValue)),
        18 => new RegisterFinishRequest(Str(r, L.MaxUserNameBytes), Bytes(r, 16), Bytes(r, 32), Bytes(r, 32)),
        19 => new ChangePasswordStartRequest(),
        20 => new ChangePasswordChallengeReply(Str(r, 100), Bytes(r, 16), Int(r, 1, int.MaxValue), Bytes(r, 16), Int(r, 1, int.MaxValue)),
        21 => new ChangePasswordFinishRequest(Str(r, 100), Bytes(r, 32), Bytes(r, 32), Bytes(r, 32)),
        22 => new OkReply(),
        23 => new ErrorReply((ErrorCode)Int(r, 0, 65535), Str(r, L.MaxStringBytes)),
        24 => new NameListReply(Enumerable.Range(0, r.Next(0, 20)).Select(_ => Str(r, 40)).ToArray(), r.Next(2) == 0),
        25 => new FileCandidatesReply(Enumerable.Range(0, r.Next(0, 8)).Select(_ => new FileCandidate(
            Str(r, L.MaxUserNameBytes), Str(r, 45), Int(r, 0, 65535), Long(r, 0, L.MaxFileSize), Bytes(r, 32),
            Long(r, long.MinValue, long.MaxValue), Bytes(r, 32))).ToArray(), r.Next(2) == 0),
        _ => new PeerListReply(Enumerable.Range(0, r.Next(0, 18)).Select(_ => new PeerEntry(
            Str(r, L.MaxUserNameBytes), Str(r, 45), Int(r, 0, 65535))).ToArray(), r.Next(2) == 0),
    };

    // Biased to the edges of each encoding family.
    public static long Long(Random r, long min, long max)
    {
        long[] edges = [0, 1, 31, 32, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, (long)uint.MaxValue + 1, -1, -32, -33, -128, -129, -32768, -32769, int.MinValue, long.MinValue, long.MaxValue, max, min];
        var v = r.Next(3) == 0 ? edges[r.Next(edges.Length)] : r.NextInt64(long.MinValue, long.MaxValue) >> r.Next(0, 63);
        return Math.Clamp(v, min, max);
    }

    public static int Int(Random r, int min, int max) => (int)Long(r, min, max);

    public static byte[] Bytes(Random r, int n)
    {
        var b = new byte[n];
        r.NextBytes(b);
        return b;
    }

    private static string? NullableStr(Random r, int maxBytes) => r.Next(3) == 0 ? null : Str(r, maxBytes);

    public static string Str(Random r, int maxBytes)
    {
        var target = r.Next(4) == 0 ? maxBytes : r.Next(0, Math.Min(maxBytes, 70) + 1);
        var sb = new StringBuilder();
        var bytes = 0;
        while (true)
        {
            var piece = Alphabet[r.Next(Alphabet.Length)];
            var n = Encoding.UTF8.GetByteCount(piece);
            if (bytes + n > target)
            {
                return sb.ToString();
            }

            sb.Append(piece);
            bytes += n;
        }
    }
}
