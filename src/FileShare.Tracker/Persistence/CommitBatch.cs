namespace FileShare.Tracker.Persistence;

/// <summary>Records to write at <paramref name="Offset"/> in one flush, the last of them numbered <paramref name="Sequence"/>.</summary>
internal sealed record CommitBatch(long Sequence, long Offset, byte[] Records);
