using System.Buffers;
using System.Text;
using FileShare.Protocol;
using FileShare.Protocol.IO;
using Microsoft.Win32.SafeHandles;
using FileShare.Tracker.Publications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Persistence;

/// <summary>
/// Durable publications in the data directory: a snapshot (replaced atomically) plus an append-only journal of
/// checksummed records. Appends only collect records in memory; <see cref="Commit"/> (or <see cref="BeginCommit"/>,
/// <see cref="WriteAndFlush"/> and <see cref="EndCommit"/>) writes them and flushes them to the device with one fsync,
/// so a batch of changes costs one flush (group commit); a change is acknowledged only after its commit. Every record carries a
/// sequence number and the snapshot names the last one it covers, so a crash between writing a snapshot and
/// truncating the journal replays correctly. A torn or damaged journal tail is cut off with a warning.
/// Not thread-safe: the caller serialises access, except that <see cref="WriteAndFlush"/> may run while appends go on.
/// </summary>
internal sealed partial class PublicationJournal : IDisposable
{
    public const string JournalFileName = "publications.journal";
    public const string SnapshotFileName = "publications.snapshot";

    /// <summary>
    /// A snapshot load collects the young generations after this many records. Left to itself the server GC let a
    /// 1,000,000-publication load grow to 394-434 MB before the first compaction (how far depended on how busy the
    /// machine was); collecting every 65,536 records kept it at 344-361 MB in the same sitting, and the load no slower.
    /// </summary>
    private const int RecordsPerLoadCollection = 65_536;

    private static readonly byte[] JournalMagic = Encoding.ASCII.GetBytes("FSJRNL01");
    private static readonly byte[] SnapshotMagic = Encoding.ASCII.GetBytes("FSSNAP01");

    private readonly ILogger<PublicationJournal> _logger;
    private readonly int _snapshotThreshold;
    private readonly ArrayBufferWriter<byte> _pending = new(4096);
    private SafeFileHandle? _journal;
    private long _length;
    private long _committedLength;
    private bool _broken;

    public PublicationJournal(IOptions<TrackerOptions> options, ILogger<PublicationJournal> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _snapshotThreshold = options.Value.SnapshotThreshold;
        DataDirectory = Path.GetFullPath(options.Value.DataDirectory);
    }

    /// <summary>The signature a snapshot file starts with (for tools that write one, like the benchmark).</summary>
    public static ReadOnlySpan<byte> SnapshotSignature => SnapshotMagic;

    public string DataDirectory { get; }

    public string JournalPath => Path.Combine(DataDirectory, JournalFileName);

    public string SnapshotPath => Path.Combine(DataDirectory, SnapshotFileName);

    /// <summary>Sequence number of the last record appended (durable once committed).</summary>
    public long LastSequence { get; private set; }

    /// <summary>Sequence number of the last record known to be on the device.</summary>
    public long CommittedSequence { get; private set; }

    /// <summary>True while records have been appended that no commit covers yet.</summary>
    public bool HasUncommitted => LastSequence != CommittedSequence;

    /// <summary>Records in the journal file (including ones an older snapshot already covers).</summary>
    public int JournalRecordCount { get; private set; }

    public bool IsOpen => _journal is not null;

    /// <summary>Loads the snapshot and replays the journal into <paramref name="index"/>, then opens the journal for appending.</summary>
    /// <exception cref="TrackerStartupException">The data directory or the snapshot cannot be used.</exception>
    public void Open(PublicationIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (_journal is not null)
        {
            throw new InvalidOperationException("The journal is already open.");
        }

        try
        {
            Directory.CreateDirectory(DataDirectory);
            DeleteLeftoverTempFiles();
            index.BeginBulkLoad();
            try
            {
                var snapshotSequence = LoadSnapshot(index);
                LastSequence = snapshotSequence;
                ReplayJournal(index);
                CommittedSequence = LastSequence;
                _committedLength = _length;
            }
            finally
            {
                index.EndBulkLoad();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TrackerStartupException($"Cannot use data directory {DataDirectory}: {ex.Message}", ex);
        }

        LogOpened(_logger, index.Count, DataDirectory, JournalRecordCount);
    }

    public void AppendPublish(Publication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        Append(JournalRecord.Publish(LastSequence + 1, publication.Owner, publication.Name, publication.Size, publication.Sha256));
    }

    public void AppendUnpublish(string owner, string name) => Append(JournalRecord.Unpublish(LastSequence + 1, owner, name));

    /// <summary>Makes a rename durable as one record, so a crash can never leave it half done.</summary>
    public void AppendRename(string owner, string oldName, string newName) =>
        Append(JournalRecord.Rename(LastSequence + 1, owner, oldName, newName));

    /// <summary>True when the journal has grown enough that a snapshot is worth writing.</summary>
    public bool CompactionDue(int publicationCount) => JournalRecordCount >= Math.Max(_snapshotThreshold, publicationCount);

    /// <summary>
    /// Commits, writes a snapshot of <paramref name="index"/> atomically, then empties the journal. The index must
    /// already hold every record written: the snapshot claims to cover them all.
    /// </summary>
    public void Compact(PublicationIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var journal = _journal ?? throw new InvalidOperationException("The journal is not open.");
        Commit();
        var buffer = new ArrayBufferWriter<byte>(Math.Max(4096, (index.Count * 96) + 64));
        buffer.Write(SnapshotMagic);
        RecordFormat.Write(JournalRecord.SnapshotHeader(LastSequence, index.Count), buffer);
        var count = 0L;
        foreach (var publication in index.All())
        {
            RecordFormat.Write(JournalRecord.Publish(LastSequence, publication.Owner, publication.Name, publication.Size, publication.Sha256), buffer);
            count++;
        }

        RecordFormat.Write(JournalRecord.SnapshotEnd(LastSequence, count), buffer);
        DurableFile.WriteAllBytesAtomic(SnapshotPath, buffer.WrittenSpan);

        // A crash right here is fine: every journal record has a sequence the snapshot already covers.
        RandomAccess.SetLength(journal, JournalMagic.Length);
        RandomAccess.FlushToDisk(journal);
        _length = _committedLength = JournalMagic.Length;
        var before = JournalRecordCount;
        JournalRecordCount = 0;
        LogCompacted(_logger, count, LastSequence, before);
    }

    public void Dispose()
    {
        if (_journal is null)
        {
            return;
        }

        try
        {
            Commit();
            RandomAccess.FlushToDisk(_journal);
        }
        catch (IOException ex)
        {
            LogFlushFailed(_logger, JournalPath, ex.Message);
        }

        _journal.Dispose();
        _journal = null;
    }

    /// <summary>Writes and flushes every record appended so far (one fsync). On failure they are all taken back.</summary>
    public void Commit()
    {
        if (!HasUncommitted)
        {
            return;
        }

        var batch = BeginCommit();
        try
        {
            WriteAndFlush(batch);
        }
        catch (IOException)
        {
            RollBack();
            throw;
        }

        EndCommit(batch);
    }

    /// <summary>Takes the records appended so far as the next batch to write (under the caller's lock).</summary>
    public CommitBatch BeginCommit()
    {
        var batch = new CommitBatch(LastSequence, _length, _pending.WrittenSpan.ToArray());
        _pending.ResetWrittenCount();
        _length += batch.Records.Length;
        return batch;
    }

    /// <summary>
    /// Writes a batch at its place in the file and flushes it to the device (one fsync). Touches only the file, so it
    /// runs without the caller's lock while appends go on; one batch at a time, in the order they were begun.
    /// </summary>
    public void WriteAndFlush(CommitBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var journal = _journal ?? throw new InvalidOperationException("The journal is not open.");
        if (_broken)
        {
            throw new IOException($"The journal {JournalPath} could not be repaired after a failed write; restart the tracker.");
        }

        RandomAccess.Write(journal, batch.Records, batch.Offset);
        RandomAccess.FlushToDisk(journal);
    }

    /// <summary>Records that the batch is on the device (under the caller's lock).</summary>
    public void EndCommit(CommitBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CommittedSequence = Math.Max(CommittedSequence, batch.Sequence);
        _committedLength = Math.Max(_committedLength, batch.Offset + batch.Records.Length);
    }

    /// <summary>
    /// After a failed write or flush: drops every record not yet committed (the failed batch and any appended since)
    /// and cuts the file back, so records that were never acknowledged cannot reappear after a restart. If even
    /// that fails, later commits are refused.
    /// </summary>
    public void RollBack()
    {
        var journal = _journal ?? throw new InvalidOperationException("The journal is not open.");
        var taken = (int)(LastSequence - CommittedSequence);
        try
        {
            RandomAccess.SetLength(journal, _committedLength);
            RandomAccess.FlushToDisk(journal);
        }
        catch (IOException)
        {
            _broken = true;
        }

        _pending.ResetWrittenCount();
        _length = _committedLength;
        JournalRecordCount -= taken;
        LastSequence = CommittedSequence;
        LogRolledBack(_logger, JournalPath, taken);
    }

    /// <summary>Adds a record to the next batch: memory only, so a request never waits for the disk.</summary>
    private void Append(JournalRecord record)
    {
        if (_journal is null)
        {
            throw new InvalidOperationException("The journal is not open.");
        }

        if (_broken)
        {
            throw new IOException($"The journal {JournalPath} could not be repaired after a failed write; restart the tracker.");
        }

        RecordFormat.Write(record, _pending);
        LastSequence = record.Sequence;
        JournalRecordCount++;
    }

    private long LoadSnapshot(PublicationIndex index)
    {
        if (!File.Exists(SnapshotPath))
        {
            return 0;
        }

        using var file = new FileStream(SnapshotPath, FileMode.Open, FileAccess.Read, System.IO.FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var reader = new RecordStreamReader(file);
        if (!reader.ReadPrefix(SnapshotMagic.Length).SequenceEqual(SnapshotMagic))
        {
            throw SnapshotDamaged("it does not start with the snapshot signature");
        }

        if (reader.TryRead(out var header, out var damage) != RecordReadStatus.Record
            || header!.Kind != JournalRecordKind.SnapshotHeader)
        {
            throw SnapshotDamaged(damage ?? "the first record is not a snapshot header");
        }

        var count = 0L;
        while (true)
        {
            var status = reader.TryRead(out var record, out damage);
            if (status != RecordReadStatus.Record)
            {
                throw SnapshotDamaged(damage ?? "it ends before its end record");
            }

            if (record!.Kind == JournalRecordKind.SnapshotEnd)
            {
                if (record.Size != count || count != header.Size || !reader.AtEnd)
                {
                    throw SnapshotDamaged($"it promises {header.Size} publications but holds {count}");
                }

                return header.Sequence;
            }

            if (record.Kind != JournalRecordKind.Publish)
            {
                throw SnapshotDamaged($"unexpected record kind {(int)record.Kind}");
            }

            if (record.Sha256.Length != ProtocolLimits.Sha256Bytes)
            {
                throw SnapshotDamaged($"a publication has a SHA-256 of {record.Sha256.Length} bytes");
            }

            index.Publish(record.Owner, record.Name, record.Size, record.Sha256);
            if (++count % RecordsPerLoadCollection == 0)
            {
                GC.Collect(1, GCCollectionMode.Forced, blocking: true);
            }
        }
    }

    private TrackerStartupException SnapshotDamaged(string reason) =>
        new($"The snapshot {SnapshotPath} is damaged ({reason}). It is written atomically, so this means disk corruption; "
            + "move it away to start without the publications it held.");

    private void ReplayJournal(PublicationIndex index)
    {
        if (!File.Exists(JournalPath))
        {
            CreateJournal();
            return;
        }

        long fileLength;
        long goodEnd;
        using (var file = new FileStream(JournalPath, FileMode.Open, FileAccess.Read, System.IO.FileShare.Read, bufferSize: 1, FileOptions.SequentialScan))
        {
            fileLength = file.Length;
            var reader = new RecordStreamReader(file);
            var magic = reader.ReadPrefix(JournalMagic.Length);
            if (magic.Length < JournalMagic.Length && JournalMagic.AsSpan().StartsWith(magic))
            {
                LogDamagedTail(_logger, JournalPath, 0, fileLength, "the journal header was cut off while being created");
                file.Dispose();
                CreateJournal();
                return;
            }

            if (!magic.SequenceEqual(JournalMagic))
            {
                throw new TrackerStartupException($"{JournalPath} is not a FileShare journal (wrong signature); refusing to overwrite it.");
            }

            goodEnd = reader.Position;
            while (true)
            {
                var status = reader.TryRead(out var record, out var damage);
                if (status == RecordReadStatus.End)
                {
                    break;
                }

                if (status == RecordReadStatus.Record && record!.Kind == JournalRecordKind.Publish
                    && record.Sha256.Length != ProtocolLimits.Sha256Bytes)
                {
                    status = RecordReadStatus.Damaged;
                    damage = $"publish record with a SHA-256 of {record.Sha256.Length} bytes";
                }

                if (status == RecordReadStatus.Damaged)
                {
                    LogDamagedTail(_logger, JournalPath, goodEnd, fileLength - goodEnd, damage!);
                    break;
                }

                goodEnd = reader.Position;
                JournalRecordCount++;
                if (record!.Sequence <= LastSequence)
                {
                    continue; // already in the snapshot (crash between snapshot and truncation), or a duplicate
                }

                LastSequence = record.Sequence;
                Replay(index, record);
            }
        }

        _journal = File.OpenHandle(JournalPath, FileMode.Open, FileAccess.ReadWrite, System.IO.FileShare.Read);
        if (goodEnd < fileLength)
        {
            RandomAccess.SetLength(_journal, goodEnd);
            RandomAccess.FlushToDisk(_journal);
        }

        _length = goodEnd;
    }

    private void Replay(PublicationIndex index, JournalRecord record)
    {
        switch (record.Kind)
        {
            case JournalRecordKind.Publish:
                index.Publish(record.Owner, record.Name, record.Size, record.Sha256);
                break;
            case JournalRecordKind.Unpublish:
                index.Unpublish(record.Owner, record.Name);
                break;
            case JournalRecordKind.Rename:
                if (!index.Rename(record.Owner, record.Name, record.NewName))
                {
                    LogRenameOfMissing(_logger, JournalPath, record.Sequence, record.Owner, record.Name);
                }

                break;
            default:
                LogUnknownRecord(_logger, JournalPath, (int)record.Kind, record.Sequence);
                break;
        }
    }

    private void CreateJournal()
    {
        _journal = File.OpenHandle(JournalPath, FileMode.Create, FileAccess.ReadWrite, System.IO.FileShare.Read);
        RandomAccess.Write(_journal, JournalMagic, 0);
        RandomAccess.FlushToDisk(_journal);
        _length = JournalMagic.Length;
        DurableFile.SyncDirectory(DataDirectory);
    }

    private void DeleteLeftoverTempFiles()
    {
        foreach (var temp in Directory.EnumerateFiles(DataDirectory, SnapshotFileName + ".tmp-*"))
        {
            File.Delete(temp);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} publications from {Directory} ({Records} journal records)")]
    private static partial void LogOpened(ILogger logger, int count, string directory, int records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal {Path}: damaged tail at byte {Offset} ({Reason}); truncated {Bytes} bytes")]
    private static partial void LogDamagedTail(ILogger logger, string path, long offset, long bytes, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal {Path}: a flush failed; {Records} unacknowledged records were taken back")]
    private static partial void LogRolledBack(ILogger logger, string path, int records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal {Path}: ignored record of unknown kind {Kind} (sequence {Sequence})")]
    private static partial void LogUnknownRecord(ILogger logger, string path, int kind, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal {Path}: rename record {Sequence} names {Owner}'s {Name}, which is not published; ignored")]
    private static partial void LogRenameOfMissing(ILogger logger, string path, long sequence, string owner, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compacted {Count} publications into a snapshot at sequence {Sequence} ({Records} journal records folded)")]
    private static partial void LogCompacted(ILogger logger, long count, long sequence, int records);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not flush the journal {Path}: {Reason}")]
    private static partial void LogFlushFailed(ILogger logger, string path, string reason);
}
