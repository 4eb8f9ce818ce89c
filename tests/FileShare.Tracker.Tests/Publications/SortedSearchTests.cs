namespace FileShare.Tracker.Tests.Publications;

public sealed class SortedSearchTests
{
    private static readonly string[] Names = ["alice", "bob", "carol", "dave", "Zed", "ärger"];

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("b")]
    [InlineData("carol")]
    [InlineData("zzz")]
    [InlineData("Zed")]
    [InlineData("ärger")]
    public void UpperBoundOfASortedListAgreesWithTheListOverload(string? after)
    {
        var list = new SortedList<string, int>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            list.Add(name, name.Length);
        }

        var sorted = Names.Order(StringComparer.Ordinal).ToList();

        Assert.Equal(SortedSearch.UpperBound(sorted, after), SortedSearch.UpperBound(list, after));
    }

    [Fact]
    public void CursorIsExclusive()
    {
        var list = new SortedList<string, int>(StringComparer.Ordinal) { ["a"] = 1, ["b"] = 2, ["c"] = 3 };

        Assert.Equal(0, SortedSearch.UpperBound(list, null));
        Assert.Equal(2, SortedSearch.UpperBound(list, "b"));
        Assert.Equal(3, SortedSearch.UpperBound(list, "c"));
        Assert.Equal(0, SortedSearch.UpperBound(new SortedList<string, int>(StringComparer.Ordinal), "x"));
    }
}
