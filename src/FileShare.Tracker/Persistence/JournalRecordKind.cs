namespace FileShare.Tracker.Persistence;

/// <summary>Kinds of durable records. Values are stored on disk: never renumber.</summary>
internal enum JournalRecordKind
{
    /// <summary>A user published (or re-published) a file.</summary>
    Publish = 1,

    /// <summary>A user withdrew a file.</summary>
    Unpublish = 2,

    /// <summary>A user renamed a publication (old name in Name, new name in NewName): one step, never two.</summary>
    Rename = 3,

    /// <summary>First record of a snapshot: the sequence it covers and the publication count.</summary>
    SnapshotHeader = 10,

    /// <summary>Last record of a snapshot: the publication count again, proving the snapshot is complete.</summary>
    SnapshotEnd = 11,
}
