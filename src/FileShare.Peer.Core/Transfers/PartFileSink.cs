using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using FileShare.Protocol.IO;
using Microsoft.Win32.SafeHandles;

namespace FileShare.Peer.Core.Transfers;

/// <summary>
/// Where a download's bytes go: the <c>.part</c> file and the running SHA-256. The receive loop rents a buffer,
/// fills it from the socket and submits it; a processing task writes and hashes the submitted chunks in order,
/// so receiving the next chunks overlaps with the disk and the hash. Up to <see cref="PipelineDepth"/> chunks are in
/// flight; when they all are, <see cref="RentAsync"/> waits. Large downloads write around the page cache
/// (<see cref="DirectWrite"/>) where the system allows. Not for concurrent use by several receive loops.
/// </summary>
internal sealed class PartFileSink : IAsyncDisposable
{
    /// <summary>
    /// Chunks in flight. The hash takes them one at a time while several writes are under way (the disk serves a
    /// queue faster than one write at a time), and the socket keeps filling the rest.
    /// </summary>
    private const int PipelineDepth = 8;

    // Disk writeback is started every this many bytes on the buffered path, so the final fsync does not wait for
    // the whole file.
    private const long WritebackBytes = 16L << 20;

    private readonly SafeFileHandle _file;
    private readonly IncrementalHash _hash;
    private readonly Memory<byte>[] _buffers;
    private readonly List<byte[]> _rented;
    private readonly HashSet<int> _abandoned = [];
    private readonly Channel<int> _free;
    private readonly Channel<(int Index, int Length)> _ready = Channel.CreateUnbounded<(int, int)>(new() { SingleReader = true, SingleWriter = true });
    private readonly Channel<(int Index, int Length, Task Write)> _writing =
        Channel.CreateUnbounded<(int, int, Task)>(new() { SingleReader = true, SingleWriter = true });
    private readonly Action<int> _onWritten;
    private readonly long _start;
    private SafeFileHandle? _direct;
    private volatile bool _directRefused;
    private volatile Exception? _failure;
    private Task _processing = Task.CompletedTask;
    private long _submitted;
    private long _written;
    private long _writtenBack;
    private bool _disposed;

    private PartFileSink(SafeFileHandle file, IncrementalHash hash, Memory<byte>[] buffers, List<byte[]> rented, long start, Action<int> onWritten)
    {
        _file = file;
        _hash = hash;
        _buffers = buffers;
        _rented = rented;
        _start = start;
        _onWritten = onWritten;
        _free = Channel.CreateBounded<int>(new BoundedChannelOptions(buffers.Length) { SingleReader = true, SingleWriter = true });
        for (var i = 0; i < buffers.Length; i++)
        {
            _free.Writer.TryWrite(i);
        }
    }

    /// <summary>Bytes of this attempt written to the part file and hashed so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Whether the bulk of the bytes bypasses the page cache.</summary>
    private bool WritesDirect => _direct is not null && !_directRefused;

    /// <summary>
    /// Opens the part file, hashes the <paramref name="held"/> bytes already in it and cuts it there.
    /// <paramref name="chunk"/> is the largest chunk the caller will submit; <paramref name="remaining"/> the bytes
    /// still to come. <paramref name="onWritten"/> is told of every chunk once it is written and hashed.
    /// </summary>
    public static async Task<PartFileSink> OpenAsync(
        string path, long held, int chunk, long remaining, long directWriteMinBytes, Action<int> onWritten, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunk);
        var useDirect = directWriteMinBytes > 0 && remaining >= directWriteMinBytes
            && held % DirectWrite.Alignment == 0 && chunk % DirectWrite.Alignment == 0;
        var file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, System.IO.FileShare.None);
        var depth = (int)Math.Clamp((remaining + chunk - 1) / chunk, 1, PipelineDepth);
        var size = (int)Math.Min(chunk, Math.Max(1, remaining));
        var rented = new List<byte[]>(depth);
        var buffers = new Memory<byte>[depth];
        for (var i = 0; i < depth; i++)
        {
            if (useDirect)
            {
                buffers[i] = DirectWrite.AllocateAligned(size);
            }
            else
            {
                var array = ArrayPool<byte>.Shared.Rent(size);
                rented.Add(array);
                buffers[i] = array.AsMemory(0, size);
            }
        }

        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var sink = new PartFileSink(file, hash, buffers, rented, held, onWritten);
        try
        {
            await sink.HashExistingPrefixAsync(held, cancellationToken).ConfigureAwait(false);
            RandomAccess.SetLength(file, held);
            sink._direct = useDirect ? DirectWrite.TryOpen(path) : null;
            sink._processing = Task.WhenAll(Task.Run(sink.HashAsync, CancellationToken.None), Task.Run(sink.CompleteWritesAsync, CancellationToken.None));
            return sink;
        }
        catch
        {
            await sink.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A free buffer to fill; waits while every buffer is in flight. Throws what made writing fail.</summary>
    public async ValueTask<(int Index, Memory<byte> Buffer)> RentAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A failure stops the receive loop at once, not after it has used up the buffers still free.
            if (_failure is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            var index = await _free.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return (index, _buffers[index]);
        }
        catch (ChannelClosedException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    /// <summary>Queues the first <paramref name="length"/> bytes of a rented buffer for writing and hashing.</summary>
    public void Submit(int index, int length)
    {
        if (!_ready.Writer.TryWrite((index, length)))
        {
            throw new InvalidOperationException("The sink is already completed.");
        }
    }

    /// <summary>
    /// A rented buffer a failed read may still be filling: it is never reused or handed back to the pool.
    /// </summary>
    public void Abandon(int index) => _abandoned.Add(index);

    /// <summary>Waits until every submitted chunk is written and hashed; throws what made writing fail.</summary>
    /// <remarks>
    /// Cancelling stops the wait, not the writes: a chunk is never cut halfway, and <see cref="DisposeAsync"/>
    /// still waits for the writes under way before the buffers are let go.
    /// </remarks>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        _ready.Writer.TryComplete();
        await _processing.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After <see cref="CompleteAsync(CancellationToken)"/>: makes the part durable (fsync) and tells whether the whole file's SHA-256
    /// is <paramref name="expected"/>.
    /// </summary>
    public bool FlushAndVerify(ReadOnlySpan<byte> expected)
    {
        RandomAccess.FlushToDisk(_file);
        return _hash.GetHashAndReset().AsSpan().SequenceEqual(expected);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _ready.Writer.TryComplete();
        try
        {
            await _processing.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever made writing fail was already reported through RentAsync or CompleteAsync.
        catch (Exception)
#pragma warning restore CA1031
        {
            // Never mask the exception the caller may be unwinding with.
        }
        finally
        {
            _direct?.Dispose();
            _file.Dispose();
            _hash.Dispose();
            for (var i = 0; i < _rented.Count; i++)
            {
                if (!_abandoned.Contains(i))
                {
                    ArrayPool<byte>.Shared.Return(_rented[i]);
                }
            }
        }
    }

    // Stage 1: in order, start each chunk's write and hash the chunk while the write runs (and earlier writes finish).
    private async Task HashAsync()
    {
        try
        {
            await foreach (var (index, length) in _ready.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                var chunk = _buffers[index][..length];
                var write = WriteAsync(chunk, _start + _submitted);
                _submitted += length;
                _hash.AppendData(chunk.Span);
                _writing.Writer.TryWrite((index, length, write));
            }

            _writing.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _writing.Writer.TryComplete(ex);
            Fail(ex);
            throw;
        }
    }

    // Stage 2: in order, wait for each write, count it and free its buffer. After a failed write the part is cut
    // back to the chunks written before it, so a resume never trusts a hole.
    private async Task CompleteWritesAsync()
    {
        Exception? failure = null;
        try
        {
            await foreach (var (index, length, write) in _writing.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    await write.ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    if (failure is null)
                    {
                        failure = ex;
                        Fail(ex);
                    }
                }

                if (failure is not null)
                {
                    continue; // still wait for every write under way before the buffers are let go
                }

                Interlocked.Add(ref _written, length);
                if (!WritesDirect && _written - _writtenBack >= WritebackBytes)
                {
                    DurableFile.StartWriteback(_file, _start + _writtenBack, _written - _writtenBack);
                    _writtenBack = _written;
                }

                _onWritten(length);
                _free.Writer.TryWrite(index);
            }
        }
        catch (Exception ex)
        {
            failure ??= ex; // the hash stage failed and has already woken the receive loop
        }

        if (failure is not null)
        {
            try
            {
                RandomAccess.SetLength(_file, _start + _written);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
            {
                // The write failure is the one to report; a resume starts at the first hole anyway.
            }

            ExceptionDispatchInfo.Throw(failure);
        }
    }

    private void Fail(Exception failure)
    {
        _failure ??= failure;
        _free.Writer.TryComplete(failure);
    }

    // The aligned bulk goes through the direct handle, an unaligned tail (the file's last bytes) through the
    // buffered one. A file system that accepts O_DIRECT at open but refuses the write (EINVAL) gets the buffered
    // path from then on; a refused write wrote nothing, so it is simply written again. No cancellation token: a
    // chunk is written whole or fails, never cut halfway.
    private async Task WriteAsync(ReadOnlyMemory<byte> data, long offset)
    {
        if (_direct is { } direct && !_directRefused)
        {
            var aligned = data.Length - (data.Length % DirectWrite.Alignment);
            try
            {
                if (aligned > 0)
                {
                    await RandomAccess.WriteAsync(direct, data[..aligned], offset).ConfigureAwait(false);
                }

                data = data[aligned..];
                offset += aligned;
            }
            catch (Exception ex) when (ex is IOException or ArgumentOutOfRangeException)
            {
                // EINVAL (IOException) or EFBIG (ArgumentOutOfRangeException on Unix): nothing was written.
                _directRefused = true;
            }
        }

        if (data.Length > 0)
        {
            await RandomAccess.WriteAsync(_file, data, offset).ConfigureAwait(false);
        }
    }

    private async Task HashExistingPrefixAsync(long held, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long prefix = 0;
            while (prefix < held)
            {
                var read = await RandomAccess.ReadAsync(_file, buffer.AsMemory(0, (int)Math.Min(buffer.Length, held - prefix)), prefix, cancellationToken)
                    .ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                _hash.AppendData(buffer, 0, read);
                prefix += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
