using FileShare.Peer.Core.Transfers;

namespace FileShare.Peer.Tests.Transfers;

public sealed class PartialDownloadTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void PartOfTheSameContentIsKeptForResume()
    {
        var hash = new byte[32];
        var part = new PartialDownload(_temp.Path, "movie.mkv");
        Assert.Equal(0, part.PrepareFor(100, hash));
        File.WriteAllBytes(part.PartPath, new byte[40]);

        Assert.Equal(40, new PartialDownload(_temp.Path, "movie.mkv").PrepareFor(100, hash));
    }

    [Fact]
    public void ResumeStartsAtTheFirstHoleNotAtTheEndOfThePart()
    {
        var hash = new byte[32];
        var part = new PartialDownload(_temp.Path, "movie.mkv");
        part.PrepareFor(4 << 20, hash);

        // Chunk 0 and chunk 2 landed, chunk 1 did not (writes run several at a time; the process was killed).
        var chunk = Enumerable.Repeat((byte)7, 65_536).ToArray();
        using (var file = File.OpenWrite(part.PartPath))
        {
            file.Write(chunk);
            file.Position = 2 << 20;
            file.Write(chunk);
        }

        var expected = OperatingSystem.IsLinux() ? 65_536 : (2 << 20) + 65_536;
        Assert.Equal(expected, new PartialDownload(_temp.Path, "movie.mkv").PrepareFor(4 << 20, hash));
    }

    [Fact]
    public void PartOfOtherContentIsDiscarded()
    {
        var part = new PartialDownload(_temp.Path, "movie.mkv");
        part.PrepareFor(100, new byte[32]);
        File.WriteAllBytes(part.PartPath, new byte[40]);

        var otherHash = Enumerable.Repeat((byte)7, 32).ToArray();

        Assert.Equal(0, part.PrepareFor(100, otherHash));
        Assert.False(File.Exists(part.PartPath));
    }

    [Fact]
    public void PartLongerThanTheFileIsDiscarded()
    {
        var part = new PartialDownload(_temp.Path, "a");
        part.PrepareFor(10, new byte[32]);
        File.WriteAllBytes(part.PartPath, new byte[40]);

        Assert.Equal(0, part.PrepareFor(10, new byte[32]));
    }

    [Fact]
    public void VeryLongNamesStillFitTheFileSystem()
    {
        var name = new string('n', 255);
        var part = new PartialDownload(_temp.Path, name);

        Assert.Equal(0, part.PrepareFor(1, new byte[32]));
        Assert.True(Path.GetFileName(part.PartPath).Length < 255);
        File.WriteAllBytes(part.PartPath, [1]);
    }

    public void Dispose() => _temp.Dispose();
}
