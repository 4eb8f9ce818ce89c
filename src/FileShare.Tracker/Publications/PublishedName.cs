namespace FileShare.Tracker.Publications;

/// <summary>One distinct file name and everybody who publishes it, sorted by user name.</summary>
internal sealed class PublishedName
{
    public PublishedName(string name)
    {
        Name = name;
        Signature = NameSignature.Compute(name);
    }

    public string Name { get; }

    public NameSignature Signature { get; }

    /// <summary>Stable number of this name in the trigram index.</summary>
    public int Id { get; set; }

    public SortedList<string, Publication> Publishers { get; } = new(StringComparer.Ordinal);
}
