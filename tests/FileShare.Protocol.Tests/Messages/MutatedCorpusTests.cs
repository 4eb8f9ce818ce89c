using System.Security.Cryptography;
using System.Text;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.TestSupport;

namespace FileShare.Protocol.Tests.Messages;

/// <summary>
/// The codec's verdicts on the whole mutated corpus, pinned as one digest taken from the hand-written codec of
/// version 1 when it was replaced: any change in what is accepted, how it re-encodes, or which code and request id
/// a refusal carries changes the digest. (The commit that replaced it has the per-datagram differential test.)
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
    public void EveryMutatedDatagramGetsTheVerdictOfTheHandWrittenCodec()
    {
        var digest = VerdictDigest(datagram => Verdict.Of(() => MessageCodec.Encode(MessageCodec.Decode(datagram))));
        Assert.Equal(HandWrittenCodecVerdictDigest, digest);
    }

    [Fact]
    public void CorpusHoldsAtLeastFiftyThousandDatagrams()
    {
        Assert.True(MutatedCorpus.All().Count() >= 50_000);
    }
}
