using FileShare.Tracker.Persistence;
using FileShare.Tracker.Publications;
using FileShare.Tracker.Tests.Support;
using Microsoft.Extensions.Logging;

namespace FileShare.Tracker.Tests.Persistence;

public sealed class PublicationJournalTests : IDisposable
{
    private static readonly byte[] Hash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private readonly TempDirectory _directory = new();
    private readonly List<PublicationJournal> _journals = [];

    public void Dispose()
    {
        foreach (var journal in _journals)
        {
            journal.Dispose();
        }

        _directory.Dispose();
    }

    [Fact]
    public void ReplayRestoresPublicationsAndUnpublications()
    {
        var (journal, index) = Open();
        Publish(journal, index, "hans", "a.txt");
        Publish(journal, index, "hans", "b.txt");
        Publish(journal, index, "maria", "a.txt", size: 99);
        journal.AppendUnpublish("hans", "b.txt");
        journal.Dispose();

        var (reopened, restored) = Open();

        Assert.Equal(["a.txt"], restored.OwnNamesAfter("hans", null));
        Assert.True(restored.TryGet("maria", "a.txt", out var maria));
        Assert.Equal(99, maria.Size);
        Assert.Equal(Hash, maria.Sha256);
        Assert.Equal(4, reopened.LastSequence);
    }

    [Fact]
    public void TornLastRecordIsTruncatedWithAWarningAndAppendsContinue()
    {
        var (journal, index) = Open();
        Publish(journal, index, "hans", "a.txt");
        Publish(journal, index, "hans", "b.txt");
        journal.Dispose();
        var fullLength = new FileInfo(JournalPath).Length;
        Publish(Reopen(out var idx2), idx2, "hans", "c.txt");
        _journals[^1].Dispose();
        using (var stream = new FileStream(JournalPath, FileMode.Open))
        {
            stream.SetLength(stream.Length - 5); // cut the last record in the middle, as a crash mid-write would
        }

        var (reopened, restored) = Open(out var logger);

        Assert.Equal(["a.txt", "b.txt"], restored.OwnNamesAfter("hans", null));
        Assert.Contains(logger.Messages(LogLevel.Warning), m => m.Contains("damaged tail", StringComparison.Ordinal));
        Assert.Equal(fullLength, new FileInfo(JournalPath).Length);
        Publish(reopened, restored, "hans", "d.txt");
        reopened.Dispose();
        var (_, again) = Open();
        Assert.Equal(["a.txt", "b.txt", "d.txt"], again.OwnNamesAfter("hans", null));
    }

    [Fact]
    public void HeaderOnlyTornRecordIsTruncated()
    {
        var (journal, index) = Open();
        Publish(journal, index, "hans", "a.txt");
        journal.Dispose();
        File.AppendAllText(JournalPath, "xyz");

        var (_, restored) = Open(out var logger);

        Assert.Equal(["a.txt"], restored.OwnNamesAfter("hans", null));
        Assert.Single(logger.Messages(LogLevel.Warning));
    }

    [Fact]
    public void CorruptedChecksumOfTheLastRecordDropsOnlyThatRecord()
    {
        var (journal, index) = Open();
        Publish(journal, index, "hans", "a.txt");
        Publish(journal, index, "hans", "b.txt");
        journal.Dispose();
        FlipByte(new FileInfo(JournalPath).Length - 3);

        var (_, restored) = Open(out var logger);

        Assert.Equal(["a.txt"], restored.OwnNamesAfter("hans", null));
        Assert.Contains(logger.Messages(LogLevel.Warning), m => m.Contains("checksum mismatch", StringComparison.Ordinal));
    }

    [Fact]
    public void CorruptedRecordInTheMiddleCutsTheJournalThere()
    {
        var (journal, index) = Open();
        Publish(journal, index, "hans", "a.txt");
        var afterFirst = new FileInfo(JournalPath).Length;
        Publish(journal, index, "hans", "b.txt");
        Publish(journal, index, "hans", "c.txt");
        journal.Dispose();
        FlipByte(afterFirst + 12);

        var (_, restored) = Open();

        Assert.Equal(["a.txt"], restored.OwnNamesAfter("hans", null));
        Assert.Equal(afterFirst, new FileInfo(JournalPath).Length);
    }

    [Fact]
    public void CompactionWritesASnapshotAndEmptiesTheJournal()
    {
        var (journal, index) = Open();
        Publish(journal, index, "hans", "a.txt");
        Publish(journal, index, "maria", "b.txt");
        journal.AppendUnpublish("hans", "a.txt");
        index.Unpublish("hans", "a.txt");

        journal.Compact(index);
        Publish(journal, index, "zoe", "c.txt");
        journal.Dispose();

        Assert.True(File.Exists(Path.Combine(DataDirectory, PublicationJournal.SnapshotFileName)));
        var (reopened, restored) = Open();
        Assert.Equal(2, restored.Count);
        Assert.Empty(restored.OwnNamesAfter("hans", null));
        Assert.Equal(["b.txt"], restored.OwnNamesAfter("maria", null));
        Assert.Equal(["c.txt"], restored.OwnNamesAfter("zoe", null));
        Assert.Equal(1, reopened.JournalRecordCount);
        Assert.Equal(4, reopened.LastSequence);
    }

    [Fact]
    public void CrashBetweenSnapshotAndJournalTruncationReplaysCorrectly()
    {
        var (journal, index) = Open();
        Publish(journal, index, "hans", "a.txt");
        Publish(journal, index, "hans", "a.txt", size: 2);
        journal.AppendUnpublish("hans", "a.txt");
        index.Unpublish("hans", "a.txt");
        Publish(journal, index, "hans", "b.txt");
        var journalBeforeSnapshot = File.ReadAllBytes(JournalPath);
        journal.Compact(index);
        journal.Dispose();

        // The snapshot is in place but the journal still holds every record the snapshot covers.
        File.WriteAllBytes(JournalPath, journalBeforeSnapshot);
        var (reopened, restored) = Open();

        Assert.Equal(["b.txt"], restored.OwnNamesAfter("hans", null));
        Assert.Equal(1, restored.Count);
        Assert.Equal(4, reopened.LastSequence);
        Publish(reopened, restored, "hans", "c.txt");
        Assert.Equal(5, reopened.LastSequence);
        reopened.Dispose();
        var (_, again) = Open();
        Assert.Equal(["b.txt", "c.txt"], again.OwnNamesAfter("hans", null));
    }

    [Fact]
    public void CompactionIsDueAfterTheThresholdAndAtLeastThePublicationCount()
    {
        var (journal, index) = Open(threshold: 3);
        Publish(journal, index, "hans", "a");
        Publish(journal, index, "hans", "b");
        Assert.False(journal.CompactionDue(index.Count));
        Publish(journal, index, "hans", "c");
        Assert.True(journal.CompactionDue(index.Count));
        Assert.False(journal.CompactionDue(publicationCount: 10));
    }

    [Fact]
    public void ForeignFileInPlaceOfTheJournalStopsTheStart()
    {
        Directory.CreateDirectory(DataDirectory);
        File.WriteAllText(JournalPath, "definitely not a journal");

        var error = Assert.Throws<TrackerStartupException>(() => Open());

        Assert.Contains("not a FileShare journal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DamagedSnapshotStopsTheStartWithAClearMessage()
    {
        var (journal, index) = Open();
        Publish(journal, index, "hans", "a.txt");
        journal.Compact(index);
        journal.Dispose();
        var snapshot = Path.Combine(DataDirectory, PublicationJournal.SnapshotFileName);
        var bytes = File.ReadAllBytes(snapshot);
        bytes[^3] ^= 0xFF;
        File.WriteAllBytes(snapshot, bytes);

        var error = Assert.Throws<TrackerStartupException>(() => Open());

        Assert.Contains("snapshot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JournalHeaderCutOffWhileBeingCreatedIsRecreated()
    {
        Directory.CreateDirectory(DataDirectory);
        File.WriteAllText(JournalPath, "FSJR");

        var (journal, index) = Open();
        Publish(journal, index, "hans", "a.txt");
        journal.Dispose();

        Assert.Equal(["a.txt"], Open().Index.OwnNamesAfter("hans", null));
    }

    [Fact]
    public void ReplayOfARenameRecordMovesThePublication()
    {
        var (journal, index) = Open();
        Publish(journal, index, "hans", "a.txt", size: 7);
        Publish(journal, index, "maria", "a.txt");
        journal.AppendRename("hans", "a.txt", "b.txt");
        journal.Dispose();

        var (reopened, restored) = Open();

        Assert.Equal(["b.txt"], restored.OwnNamesAfter("hans", null));
        Assert.True(restored.TryGet("hans", "b.txt", out var moved));
        Assert.Equal(7, moved.Size);
        Assert.Equal(Hash, moved.Sha256);
        Assert.Equal(["a.txt"], restored.OwnNamesAfter("maria", null));
        Assert.Equal(3, reopened.LastSequence);
    }

    [Fact]
    public void CompactionKeepsARenameAndLaterRecordsReplayOnTop()
    {
        var (journal, index) = Open();
        Publish(journal, index, "hans", "a.txt");
        journal.AppendRename("hans", "a.txt", "b.txt");
        index.Rename("hans", "a.txt", "b.txt");
        journal.Compact(index);
        journal.AppendRename("hans", "b.txt", "c.txt");
        journal.Dispose();

        var (_, restored) = Open();

        Assert.Equal(["c.txt"], restored.OwnNamesAfter("hans", null));
    }

    [Fact]
    public void ARenameRecordRoundTripsThroughTheRecordFormat()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        RecordFormat.Write(JournalRecord.Rename(42, "hans", "old näme.txt", "new näme.txt"), buffer);
        var offset = 0;

        Assert.Equal(RecordReadStatus.Record, RecordFormat.TryRead(buffer.WrittenMemory, ref offset, out var record, out _));

        Assert.Equal((JournalRecordKind.Rename, 42L, "hans", "old näme.txt", "new näme.txt"),
            (record!.Kind, record.Sequence, record.Owner, record.Name, record.NewName));
        Assert.Equal(buffer.WrittenCount, offset);
    }

    [Fact]
    public void ATornRenameRecordIsCutOffAndTheOldNameStays()
    {
        var (journal, index) = Open();
        Publish(journal, index, "hans", "a.txt");
        journal.AppendRename("hans", "a.txt", "b.txt");
        journal.Dispose();
        using (var stream = new FileStream(JournalPath, FileMode.Open))
        {
            stream.SetLength(stream.Length - 3);
        }

        var (_, restored) = Open(out var logger);

        Assert.Equal(["a.txt"], restored.OwnNamesAfter("hans", null));
        Assert.Single(logger.Messages(LogLevel.Warning));
    }

    private string DataDirectory => _directory.File("data");

    private string JournalPath => Path.Combine(DataDirectory, PublicationJournal.JournalFileName);

    [Fact]
    public void AppendedRecordsReachTheFileOnlyWithTheirCommit()
    {
        var (journal, index) = Open();
        Publish(journal, index, "hans", "a.txt");
        var committedLength = new FileInfo(JournalPath).Length;

        journal.AppendPublish(new Publication("hans", "b.txt", 1, Hash));
        journal.AppendUnpublish("hans", "a.txt");

        Assert.True(journal.HasUncommitted);
        Assert.Equal(committedLength, new FileInfo(JournalPath).Length);
        journal.Commit();
        Assert.False(journal.HasUncommitted);
        Assert.Equal(3, journal.CommittedSequence);
        Assert.True(new FileInfo(JournalPath).Length > committedLength);
    }

    [Fact]
    public void RolledBackRecordsNeverReappear()
    {
        var (journal, index) = Open();
        Publish(journal, index, "hans", "a.txt");
        journal.AppendPublish(new Publication("hans", "lost.txt", 1, Hash));
        var failed = journal.BeginCommit();
        journal.WriteAndFlush(failed); // written, but as if the flush had failed:

        journal.RollBack();
        Publish(journal, index, "hans", "b.txt");
        journal.Dispose();

        var (reopened, restored) = Open();
        Assert.Equal(["a.txt", "b.txt"], restored.OwnNamesAfter("hans", null));
        Assert.Equal(2, reopened.LastSequence);
    }

    [Fact]
    public void SnapshotLargerThanTheReadBufferLoadsWhole()
    {
        var (journal, index) = Open();
        for (var i = 0; i < 20_000; i++)
        {
            var publication = new Publication($"user{i % 97}", $"file-{i:0000000}-with-a-longer-name.bin", i, Hash);
            journal.AppendPublish(publication);
            index.Publish(publication);
        }

        journal.Compact(index);
        journal.Dispose();
        Assert.True(new FileInfo(Path.Combine(DataDirectory, PublicationJournal.SnapshotFileName)).Length > 1 << 20); // the reader's buffer is 1 MiB

        var (_, restored) = Open();

        Assert.Equal(20_000, restored.Count);
        Assert.True(restored.TryGet("user0", "file-0019982-with-a-longer-name.bin", out var last));
        Assert.Equal(19_982, last.Size);
    }

    private (PublicationJournal Journal, PublicationIndex Index) Open(int threshold = 10_000) => Open(out _, threshold);

    private (PublicationJournal Journal, PublicationIndex Index) Open(out ListLogger<PublicationJournal> logger, int threshold = 10_000)
    {
        logger = new ListLogger<PublicationJournal>();
        var journal = new PublicationJournal(
            TestOptions.Create(o =>
            {
                o.DataDirectory = DataDirectory;
                o.SnapshotThreshold = threshold;
            }),
            logger);
        _journals.Add(journal);
        var index = new PublicationIndex();
        journal.Open(index);
        return (journal, index);
    }

    private PublicationJournal Reopen(out PublicationIndex index)
    {
        (var journal, index) = Open();
        return journal;
    }

    private static void Publish(PublicationJournal journal, PublicationIndex index, string owner, string name, long size = 1)
    {
        var publication = new Publication(owner, name, size, Hash);
        journal.AppendPublish(publication);
        journal.Commit(); // as the tracker does before it acknowledges
        index.Publish(publication);
    }

    private void FlipByte(long offset)
    {
        var bytes = File.ReadAllBytes(JournalPath);
        bytes[offset] ^= 0x5A;
        File.WriteAllBytes(JournalPath, bytes);
    }
}
