using FileShare.Protocol.MessagePack;
using FileShare.Protocol.Tests.TestSupport;

namespace FileShare.Protocol.Tests.MessagePack;

/// <summary>Hostile or broken input is rejected with a <see cref="ProtocolException"/> that says why.</summary>
public sealed class ReaderRejectionTests
{
    public static TheoryData<string, string> CompleteValues => new()
    {
        { "cc80", "int" },
        { "cdffff", "int" },
        { "ce00010000", "int" },
        { "cf0000000100000000", "int" },
        { "d0df", "int" },
        { "d1ff7f", "int" },
        { "d2ffff7fff", "int" },
        { "d38000000000000000", "int" },
        { "cfffffffffffffffff", "uint" },
        { "cb3ff8000000000000", "double" },
        { "ca3fc00000", "double" },
        { "c0", "nil" },
        { "c3", "bool" },
        { "a3616263", "string" },
        { "d903616263", "string" },
        { "da0003616263", "string" },
        { "db00000003616263", "string" },
        { "c403010203", "binary" },
        { "c50003010203", "binary" },
        { "c600000003010203", "binary" },
        { "dc0010", "array" },
        { "dd00000010", "array" },
        { "de0010", "map" },
        { "df00000010", "map" },
        { "93c3a161c403010203", "skip" },
        { "82a16101a1629102", "skip" },
        { "d60101020304", "skip" },
        { "c70201abcd", "skip" },
        { "c8000101ab", "skip" },
        { "c90000000101ab", "skip" },
    };

    [Theory]
    [MemberData(nameof(CompleteValues))]
    public void TruncatedInputOfEveryFamilyIsRejected(string hex, string op)
    {
        var bytes = Bytes.FromHex(hex);
        if (op is "array" or "map")
        {
            // Headers only count as complete when their elements are present; truncate the header itself.
            bytes = Bytes.Concat(bytes, new byte[op == "map" ? 32 : 16]);
        }

        var headerOnly = op is "array" or "map" ? hex.Length / 2 : bytes.Length;
        for (var length = 0; length < headerOnly; length++)
        {
            var ex = ReaderOps.Rejects(op, bytes[..length]);
            Assert.Contains("Truncated", ex.Message, StringComparison.Ordinal);
        }

        // and the whole value is accepted
        ReaderOps.Run(op, bytes);
    }

    [Theory]
    [InlineData("dbffffffff616263", "string")]
    [InlineData("c6ffffffff010203", "binary")]
    [InlineData("ddffffffff010203", "array")]
    [InlineData("dfffffffff010203", "map")]
    [InlineData("c9ffffffff01", "skip")]
    [InlineData("dbffffffff616263", "skip")]
    [InlineData("ddffffffff010203", "skip")]
    public void FourGigabyteDeclaredLengthFailsFastWithoutAllocating(string hex, string op)
    {
        var bytes = Bytes.FromHex(hex);
        ReaderOps.Rejects(op, bytes); // warm up: JIT and exception machinery allocate on first use

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = ReaderOps.Rejects(op, bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("Truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("4294967295", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024, $"rejecting a 4 GB claim allocated {allocated} bytes");
    }

    [Fact]
    public void Str32DeclaringMoreBytesThanPresentIsRejected()
    {
        var ex = ReaderOps.Rejects("string", Bytes.FromHex("db00000004616263"));
        Assert.Contains("declared length 4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 bytes left", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("d904616263", "string")]
    [InlineData("da0004616263", "string")]
    [InlineData("a4616263", "string")]
    [InlineData("c404010203", "binary")]
    [InlineData("c50004010203", "binary")]
    [InlineData("c600000004010203", "binary")]
    public void LengthLargerThanTheBytesLeftIsRejectedInEveryFormat(string hex, string op)
    {
        var ex = ReaderOps.Rejects(op, Bytes.FromHex(hex));
        Assert.Contains("Truncated", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("94010203")]
    [InlineData("dc0004010203")]
    [InlineData("dd00000004010203")]
    public void ArrayCountLargerThanTheBytesLeftIsRejected(string hex)
    {
        var ex = ReaderOps.Rejects("array", Bytes.FromHex(hex));
        Assert.Contains("Truncated input", ex.Message, StringComparison.Ordinal);
        Assert.Contains("4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StringOverTheCallersLimitIsRejected()
    {
        var ex = Assert.Throws<ProtocolException>(() => new MessagePackReader(Bytes.FromHex("a56162636465")).ReadString(4));
        Assert.Contains("5 bytes exceeds the limit of 4", ex.Message, StringComparison.Ordinal);
        Assert.Equal("abcde", new MessagePackReader(Bytes.FromHex("a56162636465")).ReadString(5));
    }

    [Fact]
    public void BinaryOverTheCallersLimitIsRejected()
    {
        var ex = Assert.Throws<ProtocolException>(() => new MessagePackReader(Bytes.FromHex("c4030102ff")).ReadBinary(2));
        Assert.Contains("3 bytes exceeds the limit of 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CollectionOverTheCallersLimitIsRejected()
    {
        var ex = Assert.Throws<ProtocolException>(() => new MessagePackReader(Bytes.FromHex("93010203")).ReadArrayHeader(2));
        Assert.Contains("3 items exceeds the limit of 2", ex.Message, StringComparison.Ordinal);
        var map = Assert.Throws<ProtocolException>(() => new MessagePackReader(Bytes.FromHex("820102030482")).ReadMapHeader(1));
        Assert.Contains("Map of 2 items", map.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CollectionOverTheProtocolLimitIsRejectedByDefault()
    {
        var count = ProtocolLimits.MaxCollectionItems + 1;
        var bytes = Bytes.Concat(Bytes.Write(w => w.WriteArrayHeader(count)), new byte[count]);
        var ex = Assert.Throws<ProtocolException>(() => new MessagePackReader(bytes).ReadArrayHeader());
        Assert.Contains($"exceeds the limit of {ProtocolLimits.MaxCollectionItems}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NestingDeeperThanTheLimitIsRejectedBySkip()
    {
        var bytes = Bytes.Concat(Bytes.Filled(ProtocolLimits.MaxNestingDepth + 1, 0x91), Bytes.FromHex("2a"));
        var ex = ReaderOps.Rejects("skip", bytes);
        Assert.Contains("Nesting deeper than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyCollectionsNestedOneLevelTooDeepAreRejectedBySkip()
    {
        // 16 arrays with an empty 17th innermost: the empty one is still a level too many.
        var bytes = Bytes.Concat(Bytes.Filled(ProtocolLimits.MaxNestingDepth, 0x91), Bytes.FromHex("90"));
        var ex = ReaderOps.Rejects("skip", bytes);
        Assert.Contains("Nesting deeper than", ex.Message, StringComparison.Ordinal);

        var atLimit = Bytes.Concat(Bytes.Filled(ProtocolLimits.MaxNestingDepth - 1, 0x91), Bytes.FromHex("80"));
        Assert.Equal(atLimit.Length, ReaderOps.Run("skip", atLimit).Consumed);
    }

    [Fact]
    public void NestingOfMapsDeeperThanTheLimitIsRejectedBySkip()
    {
        // {0: {0: {0: ... 42}}}
        var bytes = Bytes.Concat(Enumerable.Repeat(Bytes.FromHex("8100"), ProtocolLimits.MaxNestingDepth + 1).SelectMany(b => b).ToArray(), Bytes.FromHex("2a"));
        var ex = ReaderOps.Rejects("skip", bytes);
        Assert.Contains("Nesting deeper than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeNestingBombIsRejectedWithoutOverflowingTheStack()
    {
        var ex = ReaderOps.Rejects("skip", Bytes.Filled(1_000_000, 0x91));
        Assert.Contains("Nesting deeper than", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a2c0af", "overlong two-byte '/'")]
    [InlineData("a3e080af", "overlong three-byte '/'")]
    [InlineData("a4f08080af", "overlong four-byte '/'")]
    [InlineData("a3eda080", "encoded lone high surrogate U+D800")]
    [InlineData("a3edbfbf", "encoded lone low surrogate U+DFFF")]
    [InlineData("a6eda0bdedb880", "surrogate pair encoded as CESU-8")]
    [InlineData("a2e282", "truncated three-byte sequence")]
    [InlineData("a3f09f98", "truncated four-byte sequence")]
    [InlineData("a161ff", "stray continuation in the middle")]
    [InlineData("a180", "lone continuation byte")]
    [InlineData("a1ff", "byte never valid in UTF-8")]
    [InlineData("a4f4908080", "code point above U+10FFFF")]
    public void InvalidUtf8IsRejected(string hex, string why)
    {
        var bytes = Bytes.FromHex(hex);
        if (bytes.Length - 1 != (bytes[0] & 0x1f))
        {
            // keep the header honest so the rejection is about UTF-8, not truncation
            bytes[0] = (byte)(0xa0 | (bytes.Length - 1));
        }

        var ex = ReaderOps.Rejects("string", bytes);
        Assert.True(ex.Message.Contains("UTF-8", StringComparison.Ordinal), $"{why}: {ex.Message}");
        Assert.Throws<ProtocolException>(() => new MessagePackReader(bytes).ReadStringBytes(100));
        Assert.Throws<ProtocolException>(() => new MessagePackReader(bytes).Skip());
    }

    [Theory]
    [InlineData("a161", "int", "Expected integer but found string (0xa1).")]
    [InlineData("c0", "int", "Expected integer but found nil (0xc0).")]
    [InlineData("cb3ff8000000000000", "int", "Expected integer but found float (0xcb).")]
    [InlineData("01", "string", "Expected string but found integer (0x01).")]
    [InlineData("c40101", "string", "Expected string but found binary (0xc4).")]
    [InlineData("a161", "binary", "Expected binary but found string (0xa1).")]
    [InlineData("c0", "bool", "Expected boolean but found nil (0xc0).")]
    [InlineData("c2", "nil", "Expected nil but found boolean (0xc2).")]
    [InlineData("80", "array", "Expected array but found map (0x80).")]
    [InlineData("90", "map", "Expected map but found array (0x90).")]
    [InlineData("a161", "double", "Expected float but found string (0xa1).")]
    [InlineData("d401ff", "int", "Expected integer but found extension (0xd4).")]
    public void WrongTypeIsRejectedNamingBothTypes(string hex, string op, string expectedMessage)
    {
        var ex = ReaderOps.Rejects(op, Bytes.FromHex(hex));
        Assert.Equal(expectedMessage, ex.Message);
    }

    [Theory]
    [InlineData("int")]
    [InlineData("uint")]
    [InlineData("double")]
    [InlineData("string")]
    [InlineData("binary")]
    [InlineData("array")]
    [InlineData("map")]
    [InlineData("bool")]
    [InlineData("nil")]
    [InlineData("skip")]
    public void ReservedByteC1IsRejectedByEveryRead(string op)
    {
        var ex = ReaderOps.Rejects(op, Bytes.FromHex("c1"));
        Assert.Contains("0xc1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrailingBytesAreReportedByEnsureEnd()
    {
        var ex = Assert.Throws<ProtocolException>(() =>
        {
            var reader = new MessagePackReader(Bytes.FromHex("010203"));
            reader.ReadInt64();
            reader.EnsureEnd();
        });
        Assert.Contains("2 trailing byte(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingPastTheEndIsRejectedNotAnIndexError()
    {
        var ex = Assert.Throws<ProtocolException>(() =>
        {
            var reader = new MessagePackReader(Bytes.FromHex("01"));
            reader.ReadInt64();
            reader.ReadInt64();
        });
        Assert.Contains("Truncated input", ex.Message, StringComparison.Ordinal);
    }
}
