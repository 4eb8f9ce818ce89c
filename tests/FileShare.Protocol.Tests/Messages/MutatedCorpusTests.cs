using System.Security.Cryptography;
using System.Text;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.TestSupport;

namespace FileShare.Protocol.Tests.Messages;

/// <summary>
/// The codec's verdicts on the whole mutated corpus, pinned as one digest taken from the hand-written codec of
/// version 1 when it was replaced: any change in what is accepted, how it re-encodes, or which code and request id
/// a refusal carries changes the digest. (The commit that replaced it has the per-datagram differential test.)
/// Signed envelopes (version 2) changed exactly one thing: a 6-element envelope whose version reads 2 is now
/// refused BadRequest (a version-2 envelope has 8 elements) instead of UnsupportedVersion.
/// </summary>
public sealed class MutatedCorpusTests
{
    private const string HandWrittenCodecVerdictDigest = "2b19f47bdb9daba0ba2369fd2defbf2388291aa95db452c13082069e2d05d098";

    public static string VerdictDigest(Func<byte[], string> verdict)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var datagram in MutatedCorpus.All())
        {
            hash.AppendData(Encoding.UTF8.GetBytes(verdict(datagram) + "\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    [Fact]
    public void EveryMutatedDatagramGetsTheVerdictOfTheHandWrittenCodecButVersionTwoShapes()
    {
        var digest = VerdictDigest(datagram =>
        {
            var verdict = Verdict.Of(() => Reencode(MessageCodec.Decode(datagram)));
            return IsSixElementVersionTwo(datagram, verdict, out var version1Verdict) ? version1Verdict : verdict;
        });
        Assert.Equal(HandWrittenCodecVerdictDigest, digest);
    }

    private static byte[] Reencode(Envelope envelope) =>
        envelope.IsSigned ? MessageCodec.EncodeSigned(envelope, new byte[32]) : MessageCodec.Encode(envelope);

    // What version 1 alone answered to such a datagram: UnsupportedVersion with the request id it now reports.
    private static bool IsSixElementVersionTwo(byte[] datagram, string verdict, out string version1Verdict)
    {
        version1Verdict = verdict;
        if (datagram.Length < 5 || datagram[0] != 0x96 || datagram[4] != 0x02 || !verdict.StartsWith("rejected BadRequest id=", StringComparison.Ordinal)
            || verdict.EndsWith("=none", StringComparison.Ordinal))
        {
            return false;
        }

        version1Verdict = verdict.Replace("BadRequest", "UnsupportedVersion", StringComparison.Ordinal);
        return true;
    }

    [Fact]
    public void CorpusHoldsAtLeastFiftyThousandDatagrams()
    {
        Assert.True(MutatedCorpus.All().Count() >= 50_000);
    }
}
