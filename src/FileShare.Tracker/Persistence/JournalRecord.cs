namespace FileShare.Tracker.Persistence;

/// <summary>One durable record. Which fields matter depends on <see cref="Kind"/>.</summary>
/// <param name="Kind">What the record says.</param>
/// <param name="Sequence">Journal sequence number (for snapshot records: the last sequence the snapshot covers).</param>
/// <param name="Owner">Publishing user (Publish, Unpublish, Rename).</param>
/// <param name="Name">File name (Publish, Unpublish; the old name for Rename).</param>
/// <param name="Size">File size (Publish) or publication count (snapshot records).</param>
/// <param name="Sha256">SHA-256 (Publish).</param>
internal sealed record JournalRecord(JournalRecordKind Kind, long Sequence, string Owner, string Name, long Size, byte[] Sha256)
{
    /// <summary>The new name (Rename only; empty otherwise).</summary>
    public string NewName { get; init; } = string.Empty;

    public static JournalRecord Publish(long sequence, string owner, string name, long size, byte[] sha256) =>
        new(JournalRecordKind.Publish, sequence, owner, name, size, sha256);

    public static JournalRecord Unpublish(long sequence, string owner, string name) =>
        new(JournalRecordKind.Unpublish, sequence, owner, name, 0, []);

    public static JournalRecord Rename(long sequence, string owner, string oldName, string newName) =>
        new(JournalRecordKind.Rename, sequence, owner, oldName, 0, []) { NewName = newName };

    public static JournalRecord SnapshotHeader(long sequence, long count) =>
        new(JournalRecordKind.SnapshotHeader, sequence, string.Empty, string.Empty, count, []);

    public static JournalRecord SnapshotEnd(long sequence, long count) =>
        new(JournalRecordKind.SnapshotEnd, sequence, string.Empty, string.Empty, count, []);
}
