namespace FileShare.Tracker.Publications;

/// <summary>A file a user published: it stays while the user is offline, until unpublished.</summary>
internal sealed record Publication
{
    /// <param name="owner">The publishing user.</param>
    /// <param name="name">The file name (checked by NameRules).</param>
    /// <param name="size">Size in bytes.</param>
    /// <param name="sha256">SHA-256 of the content (32 bytes).</param>
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not 32 bytes long.</exception>
    public Publication(string owner, string name, long size, ReadOnlySpan<byte> sha256)
    {
        Owner = owner;
        Name = name;
        Size = size;
        Digest = Sha256Digest.From(sha256);
    }

    public string Owner { get; init; }

    public string Name { get; init; }

    public long Size { get; init; }

    /// <summary>The content hash, stored inline.</summary>
    public Sha256Digest Digest { get; init; }

    /// <summary>The content hash as a new array (for replies and records).</summary>
    public byte[] Sha256 => Digest.ToArray();

    public bool SameContent(long size, ReadOnlySpan<byte> sha256) => Size == size && Digest.Matches(sha256);

    public bool SameContent(long size, Sha256Digest digest) => Size == size && Digest == digest;
}
