using FileShare.Tracker.Publications;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Tests.Publications;

public sealed class PublicationIndexTests
{
    private static readonly byte[] HashA = Enumerable.Repeat((byte)0xAA, 32).ToArray();
    private static readonly byte[] HashB = Enumerable.Repeat((byte)0xBB, 32).ToArray();

    private readonly PublicationIndex _index = new();
    private readonly SetPresence _online = new("hans", "maria", "zoe");

    [Fact]
    public void RenameMovesThePublicationWithItsContent()
    {
        _index.Publish(Pub("hans", "a.txt", 10, HashA));
        _index.Publish(Pub("maria", "a.txt", 10, HashA));

        Assert.True(_index.Rename("hans", "a.txt", "b.txt"));

        Assert.Equal(["b.txt"], _index.OwnNamesAfter("hans", null));
        Assert.True(_index.TryGet("hans", "b.txt", out var moved));
        Assert.Equal(10, moved.Size);
        Assert.Equal(HashA, moved.Sha256);
        Assert.Equal(["a.txt", "b.txt"], _index.Search(".txt", "zoe", null, _online));
        Assert.Equal(2, _index.Count);
        Assert.False(_index.Rename("hans", "a.txt", "c.txt"));
    }

    [Fact]
    public void PublishIsIdempotent()
    {
        Assert.Equal(PublishOutcome.Added, _index.Publish(Pub("hans", "a.txt", 10, HashA)));
        Assert.Equal(PublishOutcome.Unchanged, _index.Publish(Pub("hans", "a.txt", 10, HashA)));

        Assert.Equal(1, _index.Count);
        Assert.Equal(["a.txt"], _index.OwnNamesAfter("hans", null));
    }

    [Fact]
    public void RepublishWithNewHashOrSizeReplaces()
    {
        _index.Publish(Pub("hans", "a.txt", 10, HashA));

        Assert.Equal(PublishOutcome.Replaced, _index.Publish(Pub("hans", "a.txt", 10, HashB)));
        Assert.Equal(PublishOutcome.Replaced, _index.Publish(Pub("hans", "a.txt", 11, HashB)));

        Assert.Equal(1, _index.Count);
        Assert.True(_index.TryGet("hans", "a.txt", out var current));
        Assert.Equal(11, current.Size);
        Assert.Equal(HashB, current.Sha256);
        var publisher = Assert.Single(_index.ActivePublishersAfter("a.txt", "maria", null, _online));
        Assert.Equal(HashB, publisher.Sha256);
    }

    [Fact]
    public void UnpublishFailsOnlyForNamesTheUserHasNotPublished()
    {
        _index.Publish(Pub("maria", "a.txt"));

        Assert.False(_index.Unpublish("hans", "a.txt"));
        _index.Publish(Pub("hans", "a.txt"));
        Assert.True(_index.Unpublish("hans", "a.txt"));
        Assert.False(_index.Unpublish("hans", "a.txt"));

        Assert.Equal(1, _index.Count);
        Assert.Equal(["a.txt"], _index.Search("a", "zoe", null, _online));
    }

    [Fact]
    public void OwnListIncludesPublicationsWhileOffline()
    {
        _index.Publish(Pub("bob", "b.txt"));
        _index.Publish(Pub("bob", "a.txt"));

        Assert.Equal(["a.txt", "b.txt"], _index.OwnNamesAfter("bob", null));
        Assert.Equal(["b.txt"], _index.OwnNamesAfter("bob", "a.txt"));
        Assert.Empty(_index.OwnNamesAfter("nobody", null));
    }

    [Fact]
    public void SearchMatchesSubstringCaseSensitively()
    {
        _index.Publish(Pub("maria", "Report.pdf"));
        _index.Publish(Pub("maria", "report-final.pdf"));
        _index.Publish(Pub("maria", "notes.txt"));

        Assert.Equal(["report-final.pdf"], _index.Search("report", "hans", null, _online));
        Assert.Equal(["Report.pdf"], _index.Search("Rep", "hans", null, _online));
        Assert.Equal(["Report.pdf", "notes.txt", "report-final.pdf"], _index.Search(string.Empty, "hans", null, _online));
    }

    [Fact]
    public void SearchLeavesOutTheRequestersOwnPublications()
    {
        _index.Publish(Pub("hans", "mine.txt"));

        Assert.Empty(_index.Search("mine", "hans", null, _online));
    }

    [Fact]
    public void SearchLeavesOutNamesTheRequesterAlsoPublishes()
    {
        _index.Publish(Pub("maria", "shared.txt"));
        _index.Publish(Pub("hans", "shared.txt"));

        Assert.Empty(_index.Search("shared", "hans", null, _online));
        Assert.Equal(["shared.txt"], _index.Search("shared", "zoe", null, _online));
    }

    [Fact]
    public void SearchLeavesOutNamesOfInactivePublishers()
    {
        _index.Publish(Pub("offline", "gone.txt"));

        Assert.Empty(_index.Search("gone", "hans", null, _online));
    }

    [Fact]
    public void SearchListsEachNameOnceEvenWithSeveralPublishers()
    {
        _index.Publish(Pub("maria", "song.mp3"));
        _index.Publish(Pub("zoe", "song.mp3"));

        Assert.Equal(["song.mp3"], _index.Search("song", "hans", null, _online));
    }

    [Fact]
    public void SearchKeepsANameWhenAnotherActivePublisherRemains()
    {
        _index.Publish(Pub("offline", "song.mp3"));
        _index.Publish(Pub("zoe", "song.mp3"));

        Assert.Equal(["song.mp3"], _index.Search("song", "maria", null, _online));
        Assert.Empty(_index.Search("song", "zoe", null, _online));
    }

    [Fact]
    public void SearchIsSortedOrdinalAndResumesAfterTheCursor()
    {
        foreach (var name in new[] { "c", "a", "B", "b", "ä" })
        {
            _index.Publish(Pub("maria", name));
        }

        Assert.Equal(["B", "a", "b", "c", "ä"], _index.Search(string.Empty, "hans", null, _online));
        Assert.Equal(["b", "c", "ä"], _index.Search(string.Empty, "hans", "a", _online));
        Assert.Equal(["b", "c", "ä"], _index.Search(string.Empty, "hans", "aa", _online));
    }

    [Fact]
    public void ActivePublishersExcludeTheRequesterAndInactiveUsersSortedByUser()
    {
        foreach (var user in new[] { "zoe", "offline", "hans", "maria" })
        {
            _index.Publish(Pub(user, "f.bin"));
        }

        Assert.Equal(["maria", "zoe"], _index.ActivePublishersAfter("f.bin", "hans", null, _online).Select(p => p.Owner));
        Assert.Equal(["zoe"], _index.ActivePublishersAfter("f.bin", "hans", "maria", _online).Select(p => p.Owner));
        Assert.Empty(_index.ActivePublishersAfter("F.bin", "hans", null, _online));
    }

    [Fact]
    public void BulkLoadBuildsTheSameSortedOrder()
    {
        _index.BeginBulkLoad();
        _index.Publish(Pub("maria", "z"));
        _index.Publish(Pub("maria", "y"));
        _index.Publish(Pub("maria", "x"));
        _index.Unpublish("maria", "y");
        _index.EndBulkLoad();

        Assert.Equal(["x", "z"], _index.Search(string.Empty, "hans", null, _online));
        _index.Publish(Pub("maria", "y"));
        Assert.Equal(["x", "y", "z"], _index.Search(string.Empty, "hans", null, _online));
    }

    [Fact]
    public void AllEnumeratesEveryPublication()
    {
        _index.Publish(Pub("a", "1"));
        _index.Publish(Pub("b", "1"));
        _index.Publish(Pub("b", "2"));

        Assert.Equal(3, _index.All().Count());
        Assert.Equal(2, _index.DistinctNameCount);
    }

    private static Publication Pub(string owner, string name, long size = 1, byte[]? hash = null) => new(owner, name, size, hash ?? HashA);

    [Fact]
    public void SearchByRareTextFindsTheSameNamesAsAScanOfEveryName()
    {
        var names = Enumerable.Range(0, 3000).Select(i => $"{(i % 2 == 0 ? "alpha" : "beta")}-{i:0000000}.dat").ToList();
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            _index.Publish(Pub(i % 3 == 0 ? "maria" : "hans", name, 1, HashA));
        }

        _index.Unpublish("hans", "alpha-0001234.dat");
        _index.Rename("hans", "beta-0001235.dat", "gamma-0001235.dat");
        var all = _index.Search(string.Empty, "zoe", null, _online).ToList();

        foreach (var text in new[] { "-0001234.", "0001", "123", "alpha", "gamma", "a-00", "qqzzy", "12", ".dat", "235." })
        {
            var expected = all.Where(n => n.Contains(text, StringComparison.Ordinal)).ToList();
            Assert.Equal(expected, _index.Search(text, "zoe", null, _online));
            var cursor = expected.Count > 1 ? expected[0] : null;
            Assert.Equal(expected.Where(n => cursor is null || string.CompareOrdinal(n, cursor) > 0), _index.Search(text, "zoe", cursor, _online));
        }

        Assert.DoesNotContain("alpha-0001234.dat", all);
        Assert.Contains("gamma-0001235.dat", all);
        Assert.Equal(["beta-0001003.dat"], _index.Search("-0001003", "maria", null, _online));
        Assert.Empty(_index.Search("-0001002", "maria", null, _online)); // maria's own
    }

    [Fact]
    public void PublicationsShareOneCopyOfEachOwnerAndName()
    {
        _index.Publish(Pub(new string("hans".AsSpan()), new string("a.txt".AsSpan()), 1, HashA));
        _index.Publish(Pub(new string("hans".AsSpan()), new string("b.txt".AsSpan()), 1, HashA));
        _index.Publish(Pub(new string("maria".AsSpan()), new string("a.txt".AsSpan()), 1, HashA));

        Assert.True(_index.TryGet("hans", "a.txt", out var first));
        Assert.True(_index.TryGet("hans", "b.txt", out var second));
        Assert.True(_index.TryGet("maria", "a.txt", out var third));
        Assert.Same(first.Owner, second.Owner);
        Assert.Same(first.Name, third.Name);
    }

    [Fact]
    public void DigestKeepsTheSha256Bytes()
    {
        var bytes = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

        var digest = Sha256Digest.From(bytes);

        Assert.Equal(bytes, digest.ToArray());
        Assert.True(digest.Matches(bytes));
        Assert.False(digest.Matches(HashA));
        Assert.Throws<ArgumentException>(() => Sha256Digest.From(new byte[31]));
    }

    private sealed class SetPresence(params string[] users) : IPresence
    {
        private readonly HashSet<string> _users = new(users, StringComparer.Ordinal);

        public bool IsActive(string userName) => _users.Contains(userName);
    }
}
