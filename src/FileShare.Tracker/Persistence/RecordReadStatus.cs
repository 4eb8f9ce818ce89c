namespace FileShare.Tracker.Persistence;

/// <summary>Outcome of reading one framed record.</summary>
internal enum RecordReadStatus
{
    /// <summary>A complete, intact record.</summary>
    Record,

    /// <summary>The data ended exactly at a record boundary.</summary>
    End,

    /// <summary>A torn or corrupted record: everything from its start on is unusable.</summary>
    Damaged,
}
