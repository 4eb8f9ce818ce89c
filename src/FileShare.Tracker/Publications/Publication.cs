namespace FileShare.Tracker.Publications;

/// <summary>A file a user published: it stays while the user is offline, until unpublished.</summary>
/// <param name="Owner">The publishing user.</param>
/// <param name="Name">The file name (checked by NameRules).</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the content (32 bytes).</param>
internal sealed record Publication(string Owner, string Name, long Size, byte[] Sha256)
{
    public bool SameContent(long size, ReadOnlySpan<byte> sha256) => Size == size && Sha256.AsSpan().SequenceEqual(sha256);
}
