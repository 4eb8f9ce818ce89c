using System.Buffers;
using FileShare.Tracker.Persistence;

namespace FileShare.Bench.TrackerLoad;

/// <summary>
/// Writes a tracker snapshot (<c>data/publications.snapshot</c>) holding a <see cref="PublicationPlan"/>, so a
/// large index loads at startup instead of through one journal flush per pub. Uses the tracker's own record format
/// (<see cref="RecordFormat"/>), so the two cannot drift apart: a header, the publications, an end record, all at
/// sequence 0 (the snapshot covers no journal records).
/// </summary>
internal static class SnapshotWriter
{
    public static void Write(string dataDirectory, PublicationPlan plan, IReadOnlyList<BenchUser> users)
    {
        Directory.CreateDirectory(dataDirectory);
        using var file = new FileStream(Path.Combine(dataDirectory, PublicationJournal.SnapshotFileName), FileMode.Create, FileAccess.Write);
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        buffer.Write(PublicationJournal.SnapshotSignature);
        RecordFormat.Write(JournalRecord.SnapshotHeader(0, plan.Publications), buffer);
        for (var p = 0; p < plan.Publications; p++)
        {
            var number = plan.NameOf(p);
            RecordFormat.Write(
                JournalRecord.Publish(0, users[plan.OwnerOf(p)].Name, PublicationPlan.Name(number), PublicationPlan.Size(number), PublicationPlan.Sha256(number)),
                buffer);
            if (buffer.WrittenCount > 900_000)
            {
                file.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }

        RecordFormat.Write(JournalRecord.SnapshotEnd(0, plan.Publications), buffer);
        file.Write(buffer.WrittenSpan);
    }
}
