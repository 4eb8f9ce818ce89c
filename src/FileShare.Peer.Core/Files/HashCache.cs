using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace FileShare.Peer.Core.Files;

/// <summary>
/// SHA-256 of shared files, cached by name, size and modification time in <c>.fileshare/hashes.json</c>
/// so a large file is hashed once, not at every publish or upload.
/// </summary>
internal sealed class HashCache : IDisposable
{
    private const int BufferBytes = 1 << 20;

    // Saves are coalesced: a burst of downloads rewrites the cache file once, not once per file.
    private static readonly TimeSpan SaveDelay = TimeSpan.FromMilliseconds(500);
    private readonly string _path;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FileFingerprint> _entries;
    private readonly ITimer _saveTimer;
    private bool _dirty;

    public HashCache(ShareFolder folder, TimeProvider time)
    {
        _path = Path.Combine(folder.StateDirectory, "hashes.json");
        _entries = Load(_path);
        _saveTimer = time.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The fingerprint of the file at <paramref name="realPath"/>, hashing it only if it changed since last time.</summary>
    public async Task<FileFingerprint> GetAsync(string name, string realPath, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var before = new FileInfo(realPath);
            var size = before.Length;
            var ticks = before.LastWriteTimeUtc.Ticks;
            lock (_lock)
            {
                if (_entries.TryGetValue(name, out var known) && known.Size == size && known.LastWriteUtcTicks == ticks)
                {
                    return known;
                }
            }

            var sha = await ComputeAsync(realPath, progress, cancellationToken).ConfigureAwait(false);
            var after = new FileInfo(realPath);
            if ((after.Length != size || after.LastWriteTimeUtc.Ticks != ticks) && attempt < 3)
            {
                continue; // written to while we read it: hash again
            }

            var fingerprint = new FileFingerprint(size, ticks, sha);
            Store(name, fingerprint);
            return fingerprint;
        }
    }

    /// <summary>Records a fingerprint known without hashing (a download verified while it was written).</summary>
    public void Store(string name, FileFingerprint fingerprint)
    {
        lock (_lock)
        {
            _entries[name] = fingerprint;
            Save();
        }
    }

    /// <summary>Moves a cached fingerprint to a new name (the content did not change).</summary>
    public void Rename(string oldName, string newName)
    {
        lock (_lock)
        {
            if (_entries.Remove(oldName, out var fingerprint))
            {
                _entries[newName] = fingerprint;
                Save();
            }
        }
    }

    /// <summary>Forgets a file (removed or renamed).</summary>
    public void Remove(string name)
    {
        lock (_lock)
        {
            if (_entries.Remove(name))
            {
                Save();
            }
        }
    }

    /// <summary>Hashes a file with pooled buffers, reporting bytes read.</summary>
    public static async Task<byte[]> ComputeAsync(string path, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, System.IO.FileShare.ReadWrite, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferBytes), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
                progress?.Report(total);
            }

            return hash.GetHashAndReset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes pending changes now (also called on dispose).</summary>
    public void Flush()
    {
        byte[] json;
        lock (_lock)
        {
            if (!_dirty)
            {
                return;
            }

            _dirty = false;
            json = JsonSerializer.SerializeToUtf8Bytes(_entries.ToDictionary(
                pair => pair.Key,
                pair => new StoredEntry(pair.Value.Size, pair.Value.LastWriteUtcTicks, Convert.ToHexStringLower(pair.Value.Sha256)),
                StringComparer.Ordinal));
        }

        // No fsync: the cache is an optimisation, and a lost or empty file only costs a re-hash.
        var temp = _path + ".tmp";
        try
        {
            File.WriteAllBytes(temp, json);
            File.Move(temp, _path, overwrite: true);
        }
        catch (IOException)
        {
            // The cache is an optimisation: losing it only costs a re-hash.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public void Dispose()
    {
        _saveTimer.Dispose();
        Flush();
    }

    // Called under the lock.
    private void Save()
    {
        _dirty = true;
        _saveTimer.Change(SaveDelay, Timeout.InfiniteTimeSpan);
    }

    private static Dictionary<string, FileFingerprint> Load(string path)
    {
        var entries = new Dictionary<string, FileFingerprint>(StringComparer.Ordinal);
        try
        {
            if (!File.Exists(path))
            {
                return entries;
            }

            var stored = JsonSerializer.Deserialize<Dictionary<string, StoredEntry>>(File.ReadAllBytes(path));
            foreach (var (name, entry) in stored ?? [])
            {
                if (entry.Sha256 is { Length: 64 })
                {
                    entries[name] = new FileFingerprint(entry.Size, entry.Ticks, Convert.FromHexString(entry.Sha256));
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or FormatException or UnauthorizedAccessException)
        {
            // A damaged cache is rebuilt by hashing again.
        }

        return entries;
    }

    private sealed record StoredEntry(long Size, long Ticks, string Sha256);
}
