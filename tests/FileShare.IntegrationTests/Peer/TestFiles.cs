using System.Security.Cryptography;

namespace FileShare.IntegrationTests.Peer;

/// <summary>Creates and compares test files.</summary>
internal static class TestFiles
{
    public static string NewDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "fileshare-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes <paramref name="size"/> pseudo-random bytes (seeded, so reproducible) and returns their SHA-256.</summary>
    public static byte[] WriteRandom(string path, long size, int seed = 1)
    {
        var random = new Random(seed);
        var buffer = new byte[1 << 20];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, System.IO.FileShare.None, 1 << 16);
        var left = size;
        while (left > 0)
        {
            var count = (int)Math.Min(buffer.Length, left);
            random.NextBytes(buffer.AsSpan(0, count));
            stream.Write(buffer, 0, count);
            hash.AppendData(buffer, 0, count);
            left -= count;
        }

        return hash.GetHashAndReset();
    }

    public static byte[] Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return SHA256.HashData(stream);
    }

    public static void AssertSameContent(string expectedPath, string actualPath)
    {
        Assert.True(File.Exists(actualPath), $"{actualPath} does not exist");
        Assert.Equal(new FileInfo(expectedPath).Length, new FileInfo(actualPath).Length);
        Assert.Equal(Sha256Of(expectedPath), Sha256Of(actualPath));
    }
}
