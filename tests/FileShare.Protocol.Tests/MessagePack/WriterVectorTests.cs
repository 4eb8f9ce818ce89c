using System.Buffers;
using FileShare.Protocol.MessagePack;

namespace FileShare.Protocol.Tests.MessagePack;

public sealed class WriterVectorTests
{
    [Theory]
    [InlineData(0L, "00")]
    [InlineData(127L, "7f")]
    [InlineData(128L, "cc80")]
    [InlineData(-32L, "e0")]
    [InlineData(-33L, "d0df")]
    public void IntegersUseTheSmallestEncoding(long value, string expectedHex)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.Write(value);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(buffer.WrittenSpan));
    }
}
