namespace FileShare.Tracker.Publications;

/// <summary>What a publish did to the index.</summary>
internal enum PublishOutcome
{
    /// <summary>A new publication.</summary>
    Added,

    /// <summary>The user had published the name with another size or hash; it was replaced.</summary>
    Replaced,

    /// <summary>The same name, size and hash were already published: nothing changed.</summary>
    Unchanged,
}
