using System.Buffers.Binary;

namespace FileShare.Tracker.Persistence;

/// <summary>
/// Reads framed records from a file through one reused buffer, so loading a snapshot of a million publications
/// never holds the whole file in memory next to the index it builds.
/// </summary>
internal sealed class RecordStreamReader
{
    private const int BufferBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private long _bufferOffset;
    private int _start;
    private int _end;
    private bool _endOfFile;

    public RecordStreamReader(Stream stream) => _stream = stream;

    /// <summary>File offset just past the last record read (or the signature).</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>True when nothing follows <see cref="Position"/>.</summary>
    public bool AtEnd
    {
        get
        {
            Fill(1);
            return _end == _start;
        }
    }

    /// <summary>Reads up to <paramref name="length"/> bytes (fewer only at the end of the file).</summary>
    public ReadOnlySpan<byte> ReadPrefix(int length)
    {
        Fill(length);
        var prefix = _buffer.AsSpan(_start, Math.Min(length, _end - _start));
        _start += prefix.Length;
        return prefix;
    }

    /// <summary>Same contract as <see cref="RecordFormat.TryRead"/>, over the rest of the file.</summary>
    public RecordReadStatus TryRead(out JournalRecord? record, out string? damage)
    {
        Fill(RecordFormat.FrameHeaderBytes);
        if (_end - _start >= RecordFormat.FrameHeaderBytes)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start));
            if (length is > 0 and <= RecordFormat.MaxPayloadBytes)
            {
                Fill(RecordFormat.FrameHeaderBytes + (int)length);
            }
        }

        var offset = 0;
        var status = RecordFormat.TryRead(_buffer.AsMemory(_start, _end - _start), ref offset, out record, out damage);
        _start += offset;
        return status;
    }

    private void Fill(int wanted)
    {
        if (_end - _start >= wanted || _endOfFile)
        {
            return;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < wanted && !_endOfFile)
        {
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _endOfFile = true;
            }

            _end += read;
        }
    }
}
