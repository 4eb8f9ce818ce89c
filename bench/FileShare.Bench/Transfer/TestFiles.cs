using System.Security.Cryptography;

namespace FileShare.Bench.Transfer;

/// <summary>Random test files and their digests.</summary>
internal static class TestFiles
{
    public static async Task WriteRandomAsync(string path, long size, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(size, 1 << 20)];
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, System.IO.FileShare.None, 1, FileOptions.Asynchronous);
        for (var written = 0L; written < size;)
        {
            var chunk = (int)Math.Min(buffer.Length, size - written);
            RandomNumberGenerator.Fill(buffer.AsSpan(0, chunk));
            await file.WriteAsync(buffer.AsMemory(0, chunk), cancellationToken).ConfigureAwait(false);
            written += chunk;
        }
    }

    public static async Task<byte[]> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, System.IO.FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
    }
}
