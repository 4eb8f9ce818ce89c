using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.TestSupport;

namespace FileShare.Protocol.Tests.Messages;

/// <summary>
/// The hostile-input corpus against pinned verdicts: the regression suite for upgrades of MessagePack-CSharp. Every
/// verdict is the one the hand-written codec of version 1 gave (the same error code, and the request id still
/// answered wherever the envelope was readable that far).
/// </summary>
public sealed class HostileDatagramTests
{
    private static readonly Dictionary<string, string> Expected = new()
    {
        { "valid Publish", "accepted" },
        { "version as int64 d3 00..01, size as uint64", "accepted" },
        { "Publish body with a 4th field", "accepted" },
        { "FileCandidate with an 8th field", "accepted" },
        { "trailing field nested 16 deep", "accepted" },
        { "envelope of 7 elements", "rejected BadRequest id=7" },
        { "envelope of 5 elements (no body)", "rejected BadRequest id=7" },
        { "wrong magic 0x4654", "rejected BadRequest id=none" },
        { "version 3", "rejected UnsupportedVersion id=7" },
        { "version 2 in a 6-element envelope", "rejected BadRequest id=7" },
        { "request id -1", "rejected BadRequest id=none" },
        { "token of 15 bytes", "rejected BadRequest id=7" },
        { "token as fixstr (16 bytes)", "rejected BadRequest id=7" },
        { "Sha256 as str16", "rejected BadRequest id=7" },
        { "Sha256 as str8", "rejected BadRequest id=7" },
        { "Name as bin8", "rejected BadRequest id=7" },
        { "nil for Name (str)", "rejected BadRequest id=7" },
        { "nil for Sha256 (bin)", "rejected BadRequest id=7" },
        { "nil for the body", "rejected BadRequest id=7" },
        { "Size as float64", "rejected BadRequest id=7" },
        { "Size as true", "rejected BadRequest id=7" },
        { "body is a map", "rejected BadRequest id=7" },
        { "Publish body of 2 fields", "rejected BadRequest id=7" },
        { "Publish body empty", "rejected BadRequest id=7" },
        { "FileCandidate of 6 fields", "rejected BadRequest id=7" },
        { "Size -1", "rejected BadRequest id=7" },
        { "Size 2^53+1", "rejected BadRequest id=7" },
        { "Port 70000", "rejected BadRequest id=7" },
        { "Port 2^40 (does not fit int)", "rejected BadRequest id=7" },
        { "Sha256 of 31 bytes", "rejected BadRequest id=7" },
        { "Name of 256 bytes (limit 255)", "rejected BadRequest id=7" },
        { "NameList of 300 names", "rejected BadRequest id=7" },
        { "NameList item of 256 bytes", "rejected BadRequest id=7" },
        { "Name c3 28 (bad continuation)", "rejected BadRequest id=7" },
        { "Name c0 af (overlong '/')", "rejected BadRequest id=7" },
        { "Name ed a0 80 (UTF-16 surrogate)", "rejected BadRequest id=7" },
        { "Name e2 82 (truncated sequence)", "rejected BadRequest id=7" },
        { "invalid UTF-8 in a skipped trailing field", "rejected BadRequest id=7" },
        { "one byte after the envelope", "rejected BadRequest id=7" },
        { "a second envelope after the first", "rejected BadRequest id=7" },
        { "trailing field nested 17 deep", "rejected BadRequest id=7" },
        { "trailing field nested 1000 deep", "rejected BadRequest id=7" },
        { "0xc1 as a trailing field", "rejected BadRequest id=7" },
        { "envelope array32 0xffffffff", "rejected BadRequest id=none" },
        { "envelope array32 0x7fffffff", "rejected BadRequest id=none" },
        { "body array32 0xffffffff", "rejected BadRequest id=7" },
        { "Name str32 0xffffffff", "rejected BadRequest id=7" },
        { "Name str32 0x7fffffff", "rejected BadRequest id=7" },
        { "Sha256 bin32 0xffffffff", "rejected BadRequest id=7" },
        { "Sha256 bin32 0x7fffffff", "rejected BadRequest id=7" },
        { "NameList array32 0xffffffff", "rejected BadRequest id=7" },
        { "NameList array16 0xffff, 3 bytes left", "rejected BadRequest id=7" },
        { "FileCandidates array32 0xffffffff", "rejected BadRequest id=7" },
        { "trailing array32 0xffffffff", "rejected BadRequest id=7" },
        { "trailing array32 0x80000000 then junk", "rejected BadRequest id=7" },
        { "trailing map32 0xffffffff", "rejected BadRequest id=7" },
        { "trailing str32 0xffffffff", "rejected BadRequest id=7" },
        { "trailing ext32 0xffffffff", "rejected BadRequest id=7" },
    };

    public static TheoryData<string> Names => [.. HostileDatagrams.All.Select(h => h.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void HostileDatagramGetsItsPinnedVerdict(string name)
    {
        var hostile = HostileDatagrams.All.Single(h => h.Name == name);
        var verdict = Verdict.Of(() => MessageCodec.Encode(MessageCodec.Decode(hostile.Bytes)));
        Assert.Equal(Expected[name], verdict.StartsWith("accepted", StringComparison.Ordinal) ? "accepted" : verdict);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void HostileDatagramIsDecodedWithoutLargeAllocations(string name)
    {
        var hostile = HostileDatagrams.All.Single(h => h.Name == name);
        _ = Verdict.Of(() => MessageCodec.Encode(MessageCodec.Decode(hostile.Bytes))); // first use builds formatters
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = Verdict.Of(() => MessageCodec.Encode(MessageCodec.Decode(hostile.Bytes)));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * 1024);
    }

    [Fact]
    public void EveryHostileDatagramHasAPinnedVerdict()
    {
        Assert.Equal(HostileDatagrams.All.Select(h => h.Name).Order(), Expected.Keys.Order());
    }

    [Fact]
    public void CorpusCoversWhatTheLibraryAloneWouldAccept()
    {
        // 32 of the invalid datagrams pass MessagePack-CSharp with UntrustedData alone; the codec's checks refuse them.
        var acceptedByLibraryAlone = HostileDatagrams.All.Where(h => h.LibraryAloneAccepts && Expected[h.Name] != "accepted").ToList();
        Assert.True(acceptedByLibraryAlone.Count >= 30, $"only {acceptedByLibraryAlone.Count} such datagrams");
    }
}
