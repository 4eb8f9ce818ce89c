using System.Buffers;
using System.Text;
using FileShare.Protocol.IO;
using FileShare.Tracker.Publications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Persistence;

/// <summary>
/// Durable publications in the data directory: a snapshot (replaced atomically) plus an append-only journal of
/// checksummed records, each flushed to the device before the change is acknowledged. Every record carries a
/// sequence number and the snapshot names the last one it covers, so a crash between writing a snapshot and
/// truncating the journal replays correctly. A torn or damaged journal tail is cut off with a warning.
/// Not thread-safe: the caller serialises access.
/// </summary>
internal sealed partial class PublicationJournal : IDisposable
{
    public const string JournalFileName = "publications.journal";
    public const string SnapshotFileName = "publications.snapshot";

    private static readonly byte[] JournalMagic = Encoding.ASCII.GetBytes("FSJRNL01");
    private static readonly byte[] SnapshotMagic = Encoding.ASCII.GetBytes("FSSNAP01");

    private readonly ILogger<PublicationJournal> _logger;
    private readonly int _snapshotThreshold;
    private readonly ArrayBufferWriter<byte> _scratch = new(512);
    private FileStream? _journal;
    private bool _broken;

    public PublicationJournal(IOptions<TrackerOptions> options, ILogger<PublicationJournal> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _snapshotThreshold = options.Value.SnapshotThreshold;
        DataDirectory = Path.GetFullPath(options.Value.DataDirectory);
    }

    public string DataDirectory { get; }

    public string JournalPath => Path.Combine(DataDirectory, JournalFileName);

    public string SnapshotPath => Path.Combine(DataDirectory, SnapshotFileName);

    /// <summary>Sequence number of the last durable record.</summary>
    public long LastSequence { get; private set; }

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

    /// <summary>Writes a snapshot of <paramref name="index"/> atomically, then empties the journal.</summary>
    public void Compact(PublicationIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var journal = _journal ?? throw new InvalidOperationException("The journal is not open.");
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
        journal.SetLength(JournalMagic.Length);
        journal.Flush(flushToDisk: true);
        journal.Seek(0, SeekOrigin.End);
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
            _journal.Flush(flushToDisk: true);
        }
        catch (IOException ex)
        {
            LogFlushFailed(_logger, JournalPath, ex.Message);
        }

        _journal.Dispose();
        _journal = null;
    }

    private void Append(JournalRecord record)
    {
        var journal = _journal ?? throw new InvalidOperationException("The journal is not open.");
        if (_broken)
        {
            throw new IOException($"The journal {JournalPath} could not be repaired after a failed write; restart the tracker.");
        }

        _scratch.ResetWrittenCount();
        RecordFormat.Write(record, _scratch);
        var end = journal.Length;
        try
        {
            journal.Write(_scratch.WrittenSpan);
            journal.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            // Take back a partial record, or every later append would sit behind a damaged one.
            try
            {
                journal.SetLength(end);
                journal.Seek(0, SeekOrigin.End);
                journal.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                _broken = true;
            }

            throw;
        }

        LastSequence = record.Sequence;
        JournalRecordCount++;
    }

    private long LoadSnapshot(PublicationIndex index)
    {
        if (!File.Exists(SnapshotPath))
        {
            return 0;
        }

        var data = File.ReadAllBytes(SnapshotPath);
        if (!data.AsSpan().StartsWith(SnapshotMagic))
        {
            throw SnapshotDamaged("it does not start with the snapshot signature");
        }

        var offset = SnapshotMagic.Length;
        if (RecordFormat.TryRead(data, ref offset, out var header, out var damage) != RecordReadStatus.Record
            || header!.Kind != JournalRecordKind.SnapshotHeader)
        {
            throw SnapshotDamaged(damage ?? "the first record is not a snapshot header");
        }

        var count = 0L;
        while (true)
        {
            var status = RecordFormat.TryRead(data, ref offset, out var record, out damage);
            if (status != RecordReadStatus.Record)
            {
                throw SnapshotDamaged(damage ?? "it ends before its end record");
            }

            if (record!.Kind == JournalRecordKind.SnapshotEnd)
            {
                if (record.Size != count || count != header.Size || offset != data.Length)
                {
                    throw SnapshotDamaged($"it promises {header.Size} publications but holds {count}");
                }

                return header.Sequence;
            }

            if (record.Kind != JournalRecordKind.Publish)
            {
                throw SnapshotDamaged($"unexpected record kind {(int)record.Kind}");
            }

            index.Publish(new Publication(record.Owner, record.Name, record.Size, record.Sha256));
            count++;
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

        var data = File.ReadAllBytes(JournalPath);
        if (data.Length < JournalMagic.Length && JournalMagic.AsSpan().StartsWith(data))
        {
            LogDamagedTail(_logger, JournalPath, 0, data.Length, "the journal header was cut off while being created");
            CreateJournal();
            return;
        }

        if (!data.AsSpan().StartsWith(JournalMagic))
        {
            throw new TrackerStartupException($"{JournalPath} is not a FileShare journal (wrong signature); refusing to overwrite it.");
        }

        var offset = JournalMagic.Length;
        var goodEnd = offset;
        while (true)
        {
            var status = RecordFormat.TryRead(data, ref offset, out var record, out var damage);
            if (status == RecordReadStatus.End)
            {
                break;
            }

            if (status == RecordReadStatus.Damaged)
            {
                LogDamagedTail(_logger, JournalPath, goodEnd, data.Length - goodEnd, damage!);
                break;
            }

            goodEnd = offset;
            JournalRecordCount++;
            if (record!.Sequence <= LastSequence)
            {
                continue; // already in the snapshot (crash between snapshot and truncation), or a duplicate
            }

            LastSequence = record.Sequence;
            switch (record.Kind)
            {
                case JournalRecordKind.Publish:
                    index.Publish(new Publication(record.Owner, record.Name, record.Size, record.Sha256));
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

        _journal = new FileStream(JournalPath, FileMode.Open, FileAccess.ReadWrite, System.IO.FileShare.Read);
        if (goodEnd < data.Length)
        {
            _journal.SetLength(goodEnd);
            _journal.Flush(flushToDisk: true);
        }

        _journal.Seek(0, SeekOrigin.End);
    }

    private void CreateJournal()
    {
        _journal = new FileStream(JournalPath, FileMode.Create, FileAccess.ReadWrite, System.IO.FileShare.Read);
        _journal.Write(JournalMagic);
        _journal.Flush(flushToDisk: true);
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
    private static partial void LogDamagedTail(ILogger logger, string path, int offset, int bytes, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal {Path}: ignored record of unknown kind {Kind} (sequence {Sequence})")]
    private static partial void LogUnknownRecord(ILogger logger, string path, int kind, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal {Path}: rename record {Sequence} names {Owner}'s {Name}, which is not published; ignored")]
    private static partial void LogRenameOfMissing(ILogger logger, string path, long sequence, string owner, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compacted {Count} publications into a snapshot at sequence {Sequence} ({Records} journal records folded)")]
    private static partial void LogCompacted(ILogger logger, long count, long sequence, int records);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not flush the journal {Path}: {Reason}")]
    private static partial void LogFlushFailed(ILogger logger, string path, string reason);
}
