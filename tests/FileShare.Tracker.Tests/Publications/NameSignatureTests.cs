using FileShare.Tracker.Publications;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Tests.Publications;

public sealed class NameSignatureTests
{
    [Fact]
    public void SignatureOfANameCoversEverySubstring()
    {
        var random = new Random(1234);
        for (var n = 0; n < 300; n++)
        {
            var name = RandomName(random, random.Next(1, 40));
            var signature = NameSignature.Compute(name);
            for (var start = 0; start < name.Length; start++)
            {
                for (var length = 0; start + length <= name.Length; length++)
                {
                    Assert.True(signature.MayContain(NameSignature.Compute(name.AsSpan(start, length))), $"'{name}' [{start}..+{length}]");
                }
            }
        }
    }

    [Fact]
    public void SearchAgreesWithABruteForceSubstringScan()
    {
        var random = new Random(99);
        var index = new PublicationIndex();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 2000; i++)
        {
            var name = RandomName(random, random.Next(1, 12));
            names.Add(name);
            index.Publish(new Publication("maria", name, 1, new byte[32]));
        }

        foreach (var text in Enumerable.Range(0, 200).Select(_ => RandomName(random, random.Next(0, 4))))
        {
            var expected = names.Where(n => n.Contains(text, StringComparison.Ordinal)).Order(StringComparer.Ordinal);
            Assert.Equal(expected, index.Search(text, "hans", null, new Everyone()));
        }
    }

    private static string RandomName(Random random, int length) =>
        string.Create(length, random, static (span, r) =>
        {
            const string alphabet = "abcAB01-._ äö€";
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });

    private sealed class Everyone : IPresence
    {
        public bool IsActive(string userName) => true;
    }
}
