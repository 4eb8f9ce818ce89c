using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.TestSupport;

namespace FileShare.Protocol.Tests.Messages;

/// <summary>Paged replies always fit one datagram and lose nothing.</summary>
public sealed class ReplyPagingTests
{
    private static List<NameListReply> AllNamePages(IReadOnlyList<string> names)
    {
        var pages = new List<NameListReply>();
        var taken = 0;
        while (true)
        {
            var page = ReplyPaging.NamePage(names.Skip(taken));
            pages.Add(page);
            taken += page.Names.Count;
            if (!page.More)
            {
                return pages;
            }

            Assert.NotEmpty(page.Names); // a page that makes no progress would loop forever
        }
    }

    private static List<FileCandidatesReply> AllCandidatePages(IReadOnlyList<FileCandidate> candidates)
    {
        var pages = new List<FileCandidatesReply>();
        var taken = 0;
        while (true)
        {
            var page = ReplyPaging.CandidatePage(candidates.Skip(taken));
            pages.Add(page);
            taken += page.Candidates.Count;
            if (!page.More)
            {
                return pages;
            }

            Assert.NotEmpty(page.Candidates);
        }
    }

    private static void AssertFitsOneDatagram(Message page)
    {
        Assert.True(MessageCodec.MeasureWithToken(page) <= ProtocolLimits.MaxDatagramBytes, $"page measures {MessageCodec.MeasureWithToken(page)} bytes");
        var encoded = MessageCodec.Encode(new Envelope(uint.MaxValue, SampleMessages.Token, page));
        Assert.True(encoded.Length <= ProtocolLimits.MaxDatagramBytes);
        Assert.Equal(encoded, MessageCodec.Encode(MessageCodec.Decode(encoded)));
    }

    public static TheoryData<string, int> NameSets => new()
    {
        { "ascii-255", 40 },
        { "euro-255", 40 },
        { "short", 1000 },
        { "empty-strings", 600 },
        { "mixed", 500 },
    };

    private static string[] MakeNames(string kind, int count)
    {
        var random = new Random(count);
        return kind switch
        {
            "ascii-255" => Enumerable.Range(0, count).Select(i => $"{i:D5}" + new string('a', 250)).ToArray(),
            "euro-255" => Enumerable.Range(0, count).Select(i => "é" + new string('€', 82) + $"{i:D6}.").ToArray(),
            "short" => Enumerable.Range(0, count).Select(i => $"f{i:D4}").ToArray(),
            "empty-strings" => Enumerable.Repeat(string.Empty, count).ToArray(),
            _ => Enumerable.Range(0, count).Select(i => $"{i:D4}" + new string('m', random.Next(0, 252))).ToArray(),
        };
    }

    [Theory]
    [MemberData(nameof(NameSets))]
    public void NamePagesFitOneDatagramAndConcatenateToTheInput(string kind, int count)
    {
        var names = MakeNames(kind, count);
        var pages = AllNamePages(names);

        Assert.All(pages, AssertFitsOneDatagram);
        Assert.All(pages.SkipLast(1), p => Assert.True(p.More));
        Assert.False(pages[^1].More);
        Assert.Equal(names, pages.SelectMany(p => p.Names));
        Assert.All(pages, p => Assert.True(p.Names.Count <= ProtocolLimits.MaxCollectionItems));
    }

    [Fact]
    public void LongNamesOfExactlyTheLimitAreCountedInBytesNotCharacters()
    {
        var names = MakeNames("euro-255", 40);
        Assert.All(names, n => Assert.Equal(255, System.Text.Encoding.UTF8.GetByteCount(n)));
        var pages = AllNamePages(names);
        Assert.True(pages.Count > 1);
        Assert.All(pages, AssertFitsOneDatagram);
    }

    [Fact]
    public void EmptyInputGivesOneEmptyFinalPage()
    {
        var page = ReplyPaging.NamePage([]);
        Assert.Empty(page.Names);
        Assert.False(page.More);
        var candidates = ReplyPaging.CandidatePage([]);
        Assert.Empty(candidates.Candidates);
        Assert.False(candidates.More);
    }

    [Fact]
    public void PagesStopAtTheItemLimitEvenWhenBytesRemain()
    {
        var names = Enumerable.Repeat(string.Empty, ProtocolLimits.MaxCollectionItems + 1).ToArray();
        var first = ReplyPaging.NamePage(names);
        Assert.Equal(ProtocolLimits.MaxCollectionItems, first.Names.Count);
        Assert.True(first.More);

        var exact = ReplyPaging.NamePage(names.Take(ProtocolLimits.MaxCollectionItems));
        Assert.Equal(ProtocolLimits.MaxCollectionItems, exact.Names.Count);
        Assert.False(exact.More);
    }

    [Fact]
    public void CandidatePagesFitOneDatagramAndConcatenateToTheInput()
    {
        var candidates = Enumerable.Range(0, 60)
            .Select(i => new FileCandidate(
                $"{i:D3}" + new string('u', ProtocolLimits.MaxUserNameBytes - 3),
                i % 2 == 0 ? "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" : "203.0.113.254",
                65535,
                ProtocolLimits.MaxFileSize,
                SampleMessages.Sha,
                i % 3 == 0 ? long.MinValue : long.MaxValue,
                SampleMessages.Ticket))
            .ToArray();

        var pages = AllCandidatePages(candidates);

        Assert.True(pages.Count > 1);
        Assert.All(pages, AssertFitsOneDatagram);
        var flattened = pages.SelectMany(p => p.Candidates).ToArray();
        Assert.Equal(candidates.Length, flattened.Length);
        Assert.All(candidates.Zip(flattened), pair => Assert.Same(pair.First, pair.Second));
    }

    [Fact]
    public void NullInputIsRefused()
    {
        Assert.Throws<ArgumentNullException>(() => ReplyPaging.NamePage(null!));
        Assert.Throws<ArgumentNullException>(() => ReplyPaging.CandidatePage(null!));
    }
}
