using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FileShare.Peer.Core.Transfers;

/// <summary>
/// The files of an unfinished download: <c>.fileshare/partial/NAME.part</c> and a small sidecar recording
/// which content (size and hash) the part belongs to, so a resume never mixes two versions.
/// </summary>
internal sealed class PartialDownload
{
    // Keeps "NAME.part" within the 255-byte file name limit of common file systems.
    private const int MaxPlainKeyBytes = 240;

    public PartialDownload(string partialDirectory, string name)
    {
        var key = Encoding.UTF8.GetByteCount(name) <= MaxPlainKeyBytes
            ? name
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        PartPath = Path.Combine(partialDirectory, key + ".part");
        MetaPath = Path.Combine(partialDirectory, key + ".meta");
    }

    public string PartPath { get; }

    public string MetaPath { get; }

    /// <summary>Bytes already held for content of <paramref name="size"/> and <paramref name="sha256"/>; anything else is discarded.</summary>
    public long PrepareFor(long size, byte[] sha256)
    {
        var expected = new Meta(size, Convert.ToHexStringLower(sha256));
        Meta? existing = null;
        try
        {
            if (File.Exists(MetaPath))
            {
                existing = JsonSerializer.Deserialize<Meta>(File.ReadAllBytes(MetaPath));
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            existing = null;
        }

        if (existing != expected || !File.Exists(PartPath))
        {
            Discard();
            File.WriteAllBytes(MetaPath, JsonSerializer.SerializeToUtf8Bytes(expected));
            return 0;
        }

        // Only the bytes before the first hole: chunks are written several at a time and may land out of order.
        var length = FileHoles.DataPrefix(PartPath, new FileInfo(PartPath).Length);
        if (length > size)
        {
            Discard();
            File.WriteAllBytes(MetaPath, JsonSerializer.SerializeToUtf8Bytes(expected));
            return 0;
        }

        return length;
    }

    public void Discard()
    {
        File.Delete(PartPath);
        File.Delete(MetaPath);
    }

    private sealed record Meta(long Size, string Sha256);
}
