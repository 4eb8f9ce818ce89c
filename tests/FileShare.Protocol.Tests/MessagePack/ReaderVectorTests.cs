using System.Buffers;
using System.Text;
using FileShare.Protocol.MessagePack;
using FileShare.Protocol.Tests.TestSupport;

namespace FileShare.Protocol.Tests.MessagePack;

/// <summary>The reader decodes every valid encoding of a value, smallest or not.</summary>
public sealed class ReaderVectorTests
{
    [Theory]
    // smallest encodings at every boundary
    [InlineData("00", 0L)]
    [InlineData("7f", 127L)]
    [InlineData("cc80", 128L)]
    [InlineData("ccff", 255L)]
    [InlineData("cd0100", 256L)]
    [InlineData("cdffff", 65535L)]
    [InlineData("ce00010000", 65536L)]
    [InlineData("ceffffffff", 4294967295L)]
    [InlineData("cf0000000100000000", 4294967296L)]
    [InlineData("cf7fffffffffffffff", long.MaxValue)]
    [InlineData("ff", -1L)]
    [InlineData("e0", -32L)]
    [InlineData("d0df", -33L)]
    [InlineData("d080", -128L)]
    [InlineData("d1ff7f", -129L)]
    [InlineData("d18000", -32768L)]
    [InlineData("d2ffff7fff", -32769L)]
    [InlineData("d280000000", -2147483648L)]
    [InlineData("d3ffffffff7fffffff", -2147483649L)]
    [InlineData("d38000000000000000", long.MinValue)]
    // the same small values in wider formats
    [InlineData("cc01", 1L)]
    [InlineData("cd0001", 1L)]
    [InlineData("ce00000001", 1L)]
    [InlineData("cf0000000000000001", 1L)]
    [InlineData("d001", 1L)]
    [InlineData("d10001", 1L)]
    [InlineData("d200000001", 1L)]
    [InlineData("d30000000000000001", 1L)]
    [InlineData("d0ff", -1L)]
    [InlineData("d1ffff", -1L)]
    [InlineData("d2ffffffff", -1L)]
    [InlineData("d3ffffffffffffffff", -1L)]
    [InlineData("d07f", 127L)]
    [InlineData("d30000000000000080", 128L)]
    [InlineData("d1ffe0", -32L)]
    public void IntegersDecodeFromEveryFamily(string hex, long expected)
    {
        var (value, consumed) = ReaderOps.Run("int", Bytes.FromHex(hex));
        Assert.Equal(expected, value);
        Assert.Equal(hex.Length / 2, consumed);
    }

    [Theory]
    [InlineData("cfffffffffffffffff", ulong.MaxValue)]
    [InlineData("cf8000000000000000", 9223372036854775808UL)]
    [InlineData("ceffffffff", 4294967295UL)]
    [InlineData("7f", 127UL)]
    [InlineData("d30000000000000005", 5UL)]
    public void UnsignedReadAcceptsTheFullUInt64Range(string hex, ulong expected)
    {
        Assert.Equal(expected, ReaderOps.Run("uint", Bytes.FromHex(hex)).Value);
    }

    [Fact]
    public void UInt64AboveLongMaxIsRejectedWhereASignedValueIsRequired()
    {
        var ex = ReaderOps.Rejects("int", Bytes.FromHex("cfffffffffffffffff"));
        Assert.Contains("out of range", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeValueIsRejectedWhereAnUnsignedValueIsRequired()
    {
        var ex = ReaderOps.Rejects("uint", Bytes.FromHex("ff"));
        Assert.Contains("negative", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RangedReadsRejectValuesOutsideTheirRangeNamingTheField()
    {
        var ex = Assert.Throws<ProtocolException>(() =>
        {
            var reader = new MessagePackReader(Bytes.FromHex("cd0100"));
            reader.ReadInt64(0, 255, "Status");
        });
        Assert.Contains("'Status'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("256", ex.Message, StringComparison.Ordinal);

        Assert.Throws<ProtocolException>(() => new MessagePackReader(Bytes.FromHex("ce80000000")).ReadInt32());
        Assert.Throws<ProtocolException>(() => new MessagePackReader(Bytes.FromHex("ff")).ReadUInt32());
        Assert.Equal(uint.MaxValue, new MessagePackReader(Bytes.FromHex("cf00000000ffffffff")).ReadUInt32());
        Assert.Equal(int.MinValue, new MessagePackReader(Bytes.FromHex("d3ffffffff80000000")).ReadInt32());
    }

    [Theory]
    [InlineData("cb3ff8000000000000", 1.5)]
    [InlineData("cbc002000000000000", -2.25)]
    [InlineData("cb0000000000000000", 0.0)]
    [InlineData("cb7ff0000000000000", double.PositiveInfinity)]
    [InlineData("ca3fc00000", 1.5)]
    [InlineData("cac0100000", -2.25)]
    [InlineData("ca7f800000", double.PositiveInfinity)]
    [InlineData("ca3dcccccd", (double)0.1f)]
    [InlineData("05", 5.0)]
    [InlineData("d0fb", -5.0)]
    [InlineData("cf0000000000000002", 2.0)]
    public void DoublesDecodeFromFloat64Float32AndIntegers(string hex, double expected)
    {
        Assert.Equal(expected, ReaderOps.Run("double", Bytes.FromHex(hex)).Value);
    }

    [Fact]
    public void NilAndBooleansDecode()
    {
        Assert.Null(ReaderOps.Run("nil", Bytes.FromHex("c0")).Value);
        Assert.Equal(true, ReaderOps.Run("bool", Bytes.FromHex("c3")).Value);
        Assert.Equal(false, ReaderOps.Run("bool", Bytes.FromHex("c2")).Value);

        var reader = new MessagePackReader(Bytes.FromHex("c0a161"));
        Assert.True(reader.TryReadNil());
        Assert.False(reader.TryReadNil());
        Assert.Equal("a", reader.ReadNullableString(10));
        Assert.False(reader.TryReadNil());
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData(0, "a0")]
    [InlineData(31, "bf")]
    [InlineData(32, "d920")]
    [InlineData(255, "d9ff")]
    [InlineData(256, "da0100")]
    [InlineData(65535, "daffff")]
    [InlineData(65536, "db00010000")]
    // non-smallest headers for the same lengths
    [InlineData(0, "d900")]
    [InlineData(0, "da0000")]
    [InlineData(0, "db00000000")]
    [InlineData(31, "d91f")]
    [InlineData(32, "da0020")]
    [InlineData(255, "db000000ff")]
    public void StringsDecodeAtEveryLengthBoundary(int byteCount, string headerHex)
    {
        var text = new string('s', byteCount);
        var bytes = Bytes.Concat(Bytes.FromHex(headerHex), Encoding.UTF8.GetBytes(text));
        var (value, consumed) = ReaderOps.Run("string", bytes);
        Assert.Equal(text, value);
        Assert.Equal(bytes.Length, consumed);
    }

    [Theory]
    [InlineData("a161", "a")]
    [InlineData("d90161", "a")]
    [InlineData("da000161", "a")]
    [InlineData("db0000000161", "a")]
    [InlineData("a2c3a9", "é")]
    [InlineData("a3e282ac", "€")]
    [InlineData("a4f09f9880", "😀")]
    [InlineData("d909efbfbde4b896e7958c", "\ufffd世界")]
    public void StringsDecodeFromEveryStringFormatAndMultiByteUtf8(string hex, string expected)
    {
        Assert.Equal(expected, ReaderOps.Run("string", Bytes.FromHex(hex)).Value);
    }

    [Fact]
    public void StringBytesAreReturnedWithoutDecoding()
    {
        var reader = new MessagePackReader(Bytes.FromHex("a3e282ac"));
        Assert.Equal("e282ac", Bytes.Hex(reader.ReadStringBytes(3)));
    }

    [Theory]
    [InlineData(0, "c400")]
    [InlineData(255, "c4ff")]
    [InlineData(256, "c50100")]
    [InlineData(65535, "c5ffff")]
    [InlineData(65536, "c600010000")]
    [InlineData(0, "c50000")]
    [InlineData(0, "c600000000")]
    [InlineData(1, "c50001")]
    [InlineData(1, "c600000001")]
    [InlineData(255, "c6000000ff")]
    public void BinariesDecodeAtEveryLengthBoundary(int length, string headerHex)
    {
        var payload = Bytes.Pattern(length, seed: 7);
        var bytes = Bytes.Concat(Bytes.FromHex(headerHex), payload);
        var (value, consumed) = ReaderOps.Run("binary", bytes);
        Assert.Equal(payload, value);
        Assert.Equal(bytes.Length, consumed);
    }

    [Fact]
    public void ExactLengthBinaryReadNamesTheFieldWhenTheLengthDiffers()
    {
        var ex = Assert.Throws<ProtocolException>(() =>
        {
            var reader = new MessagePackReader(Bytes.FromHex("c403010203"));
            reader.ReadBinary(4, "Sha256");
        });
        Assert.Contains("'Sha256'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("010203", Bytes.Hex(new MessagePackReader(Bytes.FromHex("c403010203")).ReadBinary(3, "x")));
    }

    [Theory]
    [InlineData(0, "90")]
    [InlineData(15, "9f")]
    [InlineData(16, "dc0010")]
    [InlineData(65535, "dcffff")]
    [InlineData(65536, "dd00010000")]
    [InlineData(0, "dc0000")]
    [InlineData(0, "dd00000000")]
    [InlineData(15, "dc000f")]
    [InlineData(15, "dd0000000f")]
    public void ArrayHeadersDecodeAtEveryCountBoundary(int count, string headerHex)
    {
        // Every element is a one-byte fixint, so the header's count is backed by real bytes.
        var bytes = Bytes.Concat(Bytes.FromHex(headerHex), new byte[count]);
        var reader = new MessagePackReader(bytes);
        Assert.Equal(count, reader.ReadArrayHeader(int.MaxValue));
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(0, reader.ReadInt64());
        }

        reader.EnsureEnd();
    }

    [Theory]
    [InlineData(0, "80")]
    [InlineData(15, "8f")]
    [InlineData(16, "de0010")]
    [InlineData(65535, "deffff")]
    [InlineData(65536, "df00010000")]
    [InlineData(1, "de0001")]
    [InlineData(1, "df00000001")]
    public void MapHeadersDecodeAtEveryCountBoundary(int count, string headerHex)
    {
        var bytes = Bytes.Concat(Bytes.FromHex(headerHex), new byte[count * 2]);
        var reader = new MessagePackReader(bytes);
        Assert.Equal(count, reader.ReadMapHeader(int.MaxValue));
        for (var i = 0; i < count * 2; i++)
        {
            reader.Skip();
        }

        reader.EnsureEnd();
    }

    [Fact]
    public void WriterOutputReadsBackForEveryFamily()
    {
        var binary = Bytes.Pattern(300, seed: 1);
        var bytes = Bytes.Write(w =>
        {
            w.WriteArrayHeader(9);
            w.WriteNil();
            w.Write(true);
            w.Write(ulong.MaxValue);
            w.Write(long.MinValue);
            w.Write(-3.5);
            w.Write("héllo wörld, a string longer than thirty-one bytes");
            w.WriteBinary(binary);
            w.WriteMapHeader(1);
            w.Write("k");
            w.Write(-33);
            w.WriteArrayHeader(0);
        });

        var reader = new MessagePackReader(bytes);
        Assert.Equal(9, reader.ReadArrayHeader());
        reader.ReadNil();
        Assert.True(reader.ReadBoolean());
        Assert.Equal(ulong.MaxValue, reader.ReadUInt64());
        Assert.Equal(long.MinValue, reader.ReadInt64());
        Assert.Equal(-3.5, reader.ReadDouble());
        Assert.Equal("héllo wörld, a string longer than thirty-one bytes", reader.ReadString(100));
        Assert.Equal(binary, reader.ReadBinary(300));
        Assert.Equal(1, reader.ReadMapHeader());
        Assert.Equal("k", reader.ReadString(1));
        Assert.Equal(-33, reader.ReadInt32());
        Assert.Equal(0, reader.ReadArrayHeader());
        reader.EnsureEnd();
    }

    [Theory]
    [InlineData("00", MessagePackType.Integer)]
    [InlineData("e0", MessagePackType.Integer)]
    [InlineData("d3", MessagePackType.Integer)]
    [InlineData("cc", MessagePackType.Integer)]
    [InlineData("80", MessagePackType.Map)]
    [InlineData("df", MessagePackType.Map)]
    [InlineData("90", MessagePackType.Array)]
    [InlineData("dd", MessagePackType.Array)]
    [InlineData("a0", MessagePackType.String)]
    [InlineData("db", MessagePackType.String)]
    [InlineData("c0", MessagePackType.Nil)]
    [InlineData("c1", MessagePackType.Unknown)]
    [InlineData("c2", MessagePackType.Boolean)]
    [InlineData("c4", MessagePackType.Binary)]
    [InlineData("c7", MessagePackType.Extension)]
    [InlineData("d8", MessagePackType.Extension)]
    [InlineData("ca", MessagePackType.Float)]
    [InlineData("cb", MessagePackType.Float)]
    [InlineData("", MessagePackType.Unknown)]
    public void NextTypeClassifiesEveryFormatByte(string hex, MessagePackType expected)
    {
        var reader = new MessagePackReader(Bytes.FromHex(hex));
        Assert.Equal(expected, reader.NextType);
        Assert.Equal(0, reader.Consumed);
    }

    [Theory]
    [InlineData("c0")]
    [InlineData("c3")]
    [InlineData("cfffffffffffffffff")]
    [InlineData("ca3fc00000")]
    [InlineData("d90161")]
    [InlineData("c50001ff")]
    [InlineData("93019100a0")]
    [InlineData("82a16101a162920102")]
    [InlineData("d401ff")]
    [InlineData("d5010102")]
    [InlineData("d60101020304")]
    [InlineData("d7010102030405060708")]
    [InlineData("d80100000000000000000000000000000000")]
    [InlineData("c70201abcd")]
    [InlineData("c8000101ab")]
    [InlineData("c90000000101ab")]
    public void SkipConsumesExactlyOneValueOfAnyType(string hex)
    {
        var bytes = Bytes.Concat(Bytes.FromHex(hex), Bytes.FromHex("2a"));
        var reader = new MessagePackReader(bytes);
        reader.Skip();
        Assert.Equal(hex.Length / 2, reader.Consumed);
        Assert.Equal(42, reader.ReadInt64());
        reader.EnsureEnd();
    }

    [Fact]
    public void SkipFollowsNestingUpToTheLimit()
    {
        // MaxNestingDepth arrays, the innermost holding a scalar: exactly at the limit, so accepted.
        var depth = ProtocolLimits.MaxNestingDepth;
        var bytes = Bytes.Concat(Bytes.Filled(depth, 0x91), Bytes.FromHex("2a"));
        var reader = new MessagePackReader(bytes);
        reader.Skip();
        reader.EnsureEnd();
    }

    [Fact]
    public void MultiSegmentSequenceReadsValuesSpanningSegments()
    {
        var bytes = Bytes.Write(w =>
        {
            w.WriteArrayHeader(3);
            w.Write("a string that crosses many segments");
            w.Write(70000L);
            w.WriteBinary(Bytes.Pattern(20, seed: 3));
        });
        var reader = new MessagePackReader(BufferSegment.SplitIntoSingleBytes(bytes));
        Assert.Equal(3, reader.ReadArrayHeader());
        Assert.Equal("a string that crosses many segments", reader.ReadString(100));
        Assert.Equal(70000L, reader.ReadInt64());
        Assert.Equal(Bytes.Pattern(20, seed: 3), reader.ReadBinary(20));
        reader.EnsureEnd();

        var single = new MessagePackReader(new ReadOnlySequence<byte>(Bytes.FromHex("cd1234")));
        Assert.Equal(0x1234, single.ReadInt64());
    }
}
