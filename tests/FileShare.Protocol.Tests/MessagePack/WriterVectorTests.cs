using System.Text;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.TestSupport;

namespace FileShare.Protocol.Tests.MessagePack;

/// <summary>MessagePack-CSharp's writer, as the codec uses it, produces exactly the bytes of the MessagePack specification, always the smallest encoding.</summary>
public sealed class WriterVectorTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "cc80")]
    [InlineData(255UL, "ccff")]
    [InlineData(256UL, "cd0100")]
    [InlineData(65535UL, "cdffff")]
    [InlineData(65536UL, "ce00010000")]
    [InlineData(4294967295UL, "ceffffffff")]
    [InlineData(4294967296UL, "cf0000000100000000")]
    [InlineData(9223372036854775807UL, "cf7fffffffffffffff")]
    [InlineData(18446744073709551615UL, "cfffffffffffffffff")]
    public void UnsignedIntegersUseTheSmallestEncoding(ulong value, string expectedHex)
    {
        Assert.Equal(expectedHex, Bytes.Hex(Bytes.Write(w => w.Write(value))));
    }

    [Theory]
    [InlineData(0L, "00")]
    [InlineData(127L, "7f")]
    [InlineData(128L, "cc80")]
    [InlineData(255L, "ccff")]
    [InlineData(256L, "cd0100")]
    [InlineData(65535L, "cdffff")]
    [InlineData(65536L, "ce00010000")]
    [InlineData(4294967295L, "ceffffffff")]
    [InlineData(4294967296L, "cf0000000100000000")]
    [InlineData(long.MaxValue, "cf7fffffffffffffff")]
    [InlineData(-1L, "ff")]
    [InlineData(-32L, "e0")]
    [InlineData(-33L, "d0df")]
    [InlineData(-128L, "d080")]
    [InlineData(-129L, "d1ff7f")]
    [InlineData(-32768L, "d18000")]
    [InlineData(-32769L, "d2ffff7fff")]
    [InlineData(-2147483648L, "d280000000")]
    [InlineData(-2147483649L, "d3ffffffff7fffffff")]
    [InlineData(long.MinValue, "d38000000000000000")]
    public void SignedIntegersUseTheSmallestEncoding(long value, string expectedHex)
    {
        Assert.Equal(expectedHex, Bytes.Hex(Bytes.Write(w => w.Write(value))));
    }

    [Theory]
    [InlineData(int.MaxValue, "ce7fffffff")]
    [InlineData(int.MinValue, "d280000000")]
    [InlineData(-5, "fb")]
    public void Int32OverloadMatchesTheInt64Encoding(int value, string expectedHex)
    {
        Assert.Equal(expectedHex, Bytes.Hex(Bytes.Write(w => w.Write(value))));
    }

    [Theory]
    [InlineData(0.0, "cb0000000000000000")]
    [InlineData(1.5, "cb3ff8000000000000")]
    [InlineData(-2.25, "cbc002000000000000")]
    [InlineData(double.PositiveInfinity, "cb7ff0000000000000")]
    [InlineData(double.MaxValue, "cb7fefffffffffffff")]
    public void DoublesAreWrittenAsFloat64(double value, string expectedHex)
    {
        Assert.Equal(expectedHex, Bytes.Hex(Bytes.Write(w => w.Write(value))));
    }

    [Fact]
    public void NilAndBooleansHaveTheirSingleByteCodes()
    {
        Assert.Equal("c0", Bytes.Hex(Bytes.Write(w => w.WriteNil())));
        Assert.Equal("c2", Bytes.Hex(Bytes.Write(w => w.Write(false))));
        Assert.Equal("c3", Bytes.Hex(Bytes.Write(w => w.Write(true))));
        Assert.Equal("c0", Bytes.Hex(Bytes.Write(w => w.Write((string?)null))));
    }

    [Theory]
    [InlineData(0, "a0")]
    [InlineData(1, "a1")]
    [InlineData(31, "bf")]
    [InlineData(32, "d920")]
    [InlineData(255, "d9ff")]
    [InlineData(256, "da0100")]
    [InlineData(65535, "daffff")]
    [InlineData(65536, "db00010000")]
    public void StringHeadersUseTheSmallestFormat(int byteCount, string expectedHeaderHex)
    {
        var text = new string('x', byteCount);
        var encoded = Bytes.Write(w => w.Write(text));
        var header = Bytes.FromHex(expectedHeaderHex);
        Assert.Equal(header.Length + byteCount, encoded.Length);
        Assert.Equal(expectedHeaderHex, Bytes.Hex(encoded.AsSpan(0, header.Length)));
        Assert.Equal(text, Encoding.UTF8.GetString(encoded.AsSpan(header.Length)));
    }

    [Theory]
    [InlineData("a", "a161")]
    [InlineData("é", "a2c3a9")]
    [InlineData("€", "a3e282ac")]
    [InlineData("😀", "a4f09f9880")]
    [InlineData("aé€😀", "aa61c3a9e282acf09f9880")]
    public void StringsAreWrittenAsUtf8WithTheByteLengthInTheHeader(string value, string expectedHex)
    {
        Assert.Equal(expectedHex, Bytes.Hex(Bytes.Write(w => w.Write(value))));
    }

    [Fact]
    public void StringHeaderCountsUtf8BytesNotCharacters()
    {
        // 11 euro signs are 11 chars but 33 bytes: must be str8, not fixstr.
        var encoded = Bytes.Write(w => w.Write(new string('€', 11)));
        Assert.Equal("d921", Bytes.Hex(encoded.AsSpan(0, 2)));
        Assert.Equal(35, encoded.Length);
    }

    [Fact]
    public void StringWithUnpairedSurrogateIsRefusedByTheCodecNotReplaced()
    {
        // The library alone writes EF BF BD (U+FFFD) in its place; the codec refuses instead.
        Assert.Equal("a3efbfbd", Bytes.Hex(Bytes.Write(w => w.Write("\ud800"))));
        var publish = new Envelope(1, null, new PublishRequest("bad\ud800", 1, SampleMessages.Sha));
        var ex = Assert.Throws<ArgumentException>(() => MessageCodec.Encode(publish));
        Assert.Contains("surrogate", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "c400")]
    [InlineData(1, "c401")]
    [InlineData(255, "c4ff")]
    [InlineData(256, "c50100")]
    [InlineData(65535, "c5ffff")]
    [InlineData(65536, "c600010000")]
    public void BinaryHeadersUseTheSmallestFormat(int length, string expectedHeaderHex)
    {
        var payload = Bytes.Pattern(length, seed: length);
        var encoded = Bytes.Write(w => w.WriteBinary(payload));
        var header = Bytes.FromHex(expectedHeaderHex);
        Assert.Equal(expectedHeaderHex, Bytes.Hex(encoded.AsSpan(0, header.Length)));
        Assert.Equal(payload, encoded[header.Length..]);
    }

    [Theory]
    [InlineData(0, "90")]
    [InlineData(15, "9f")]
    [InlineData(16, "dc0010")]
    [InlineData(65535, "dcffff")]
    [InlineData(65536, "dd00010000")]
    [InlineData(int.MaxValue, "dd7fffffff")]
    public void ArrayHeadersUseTheSmallestFormat(int count, string expectedHex)
    {
        Assert.Equal(expectedHex, Bytes.Hex(Bytes.Write(w => w.WriteArrayHeader(count))));
    }

    [Theory]
    [InlineData(0, "80")]
    [InlineData(15, "8f")]
    [InlineData(16, "de0010")]
    [InlineData(65535, "deffff")]
    [InlineData(65536, "df00010000")]
    public void MapHeadersUseTheSmallestFormat(int count, string expectedHex)
    {
        Assert.Equal(expectedHex, Bytes.Hex(Bytes.Write(w => w.WriteMapHeader(count))));
    }

    [Fact]
    public void NegativeCountsAreRefusedByTheWriter()
    {
        Assert.Throws<OverflowException>(() => Bytes.Write(w => w.WriteArrayHeader(-1)));
        Assert.Throws<OverflowException>(() => Bytes.Write(w => w.WriteMapHeader(-1)));
        Assert.Throws<OverflowException>(() => Bytes.Write(w => w.WriteStringHeader(-1)));
    }

    [Fact]
    public void RawBytesAreCopiedUnchanged()
    {
        Assert.Equal("92c0c3", Bytes.Hex(Bytes.Write(w =>
        {
            w.WriteArrayHeader(2);
            w.WriteRaw(Bytes.FromHex("c0c3"));
            w.WriteRaw([]);
        })));
    }
}
