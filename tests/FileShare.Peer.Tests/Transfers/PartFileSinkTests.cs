using System.Security.Cryptography;
using FileShare.Peer.Core.Transfers;

namespace FileShare.Peer.Tests.Transfers;

public sealed class PartFileSinkTests : IDisposable
{
    private const int Chunk = 64 * 1024;
    private readonly TempDirectory _temp = new();

    [Theory]
    [InlineData(0)] // page cache
    [InlineData(1)] // around the page cache where this file system allows it
    public async Task ChunksLandInOrderAndTheHashCoversThemAll(long directWriteMinBytes)
    {
        var content = RandomNumberGenerator.GetBytes((3 << 20) + 777);
        var path = Path.Combine(_temp.Path, "file.part");
        long reported = 0;

        await using (var sink = await PartFileSink.OpenAsync(
            path, 0, Chunk, content.Length, directWriteMinBytes, bytes => Interlocked.Add(ref reported, bytes), CancellationToken.None))
        {
            await SubmitAsync(sink, content);
            await sink.CompleteAsync(CancellationToken.None);

            Assert.True(sink.FlushAndVerify(SHA256.HashData(content)));
            Assert.Equal(content.Length, sink.Written);
        }

        Assert.Equal(content.Length, reported);
        Assert.Equal(content, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task ResumeHashesTheHeldPrefixAndReplacesWhatFollowedIt()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        const int Held = 8192;
        var path = Path.Combine(_temp.Path, "file.part");
        await File.WriteAllBytesAsync(path, [.. content.AsSpan(0, Held), .. new byte[5000]]);

        await using (var sink = await PartFileSink.OpenAsync(path, Held, Chunk, content.Length - Held, 1, _ => { }, CancellationToken.None))
        {
            await SubmitAsync(sink, content.AsMemory(Held));
            await sink.CompleteAsync(CancellationToken.None);

            Assert.True(sink.FlushAndVerify(SHA256.HashData(content)));
        }

        Assert.Equal(content, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task OtherContentFailsVerification()
    {
        var content = RandomNumberGenerator.GetBytes(100_000);
        var path = Path.Combine(_temp.Path, "file.part");

        await using var sink = await PartFileSink.OpenAsync(path, 0, Chunk, content.Length, 0, _ => { }, CancellationToken.None);
        await SubmitAsync(sink, content);
        await sink.CompleteAsync(CancellationToken.None);

        Assert.False(sink.FlushAndVerify(SHA256.HashData("something else"u8)));
    }

    public void Dispose() => _temp.Dispose();

    private static async Task SubmitAsync(PartFileSink sink, ReadOnlyMemory<byte> content)
    {
        for (var offset = 0; offset < content.Length; offset += Chunk)
        {
            var (index, buffer) = await sink.RentAsync(CancellationToken.None);
            var length = Math.Min(Chunk, content.Length - offset);
            content.Slice(offset, length).CopyTo(buffer);
            sink.Submit(index, length);
        }
    }
}
