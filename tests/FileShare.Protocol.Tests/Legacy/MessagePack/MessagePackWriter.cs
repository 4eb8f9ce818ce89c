using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace FileShare.Protocol.Tests.Legacy.MessagePack;

/// <summary>
/// Writes MessagePack values to an <see cref="IBufferWriter{T}"/>, always choosing the smallest
/// encoding the specification allows for each value.
/// </summary>
public ref struct MessagePackWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IBufferWriter<byte> _output;

    /// <summary>Creates a writer that appends to <paramref name="output"/>.</summary>
    public MessagePackWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Writes nil.</summary>
    public readonly void WriteNil() => WriteByte(MessagePackCode.Nil);

    /// <summary>Writes true or false.</summary>
    public readonly void Write(bool value) => WriteByte(value ? MessagePackCode.True : MessagePackCode.False);

    /// <summary>Writes a signed integer in the smallest integer format that holds it.</summary>
    public readonly void Write(long value)
    {
        if (value >= 0)
        {
            Write((ulong)value);
            return;
        }

        if (value >= -32)
        {
            WriteByte(unchecked((byte)value));
        }
        else if (value >= sbyte.MinValue)
        {
            var span = _output.GetSpan(2);
            span[0] = MessagePackCode.Int8;
            span[1] = unchecked((byte)value);
            _output.Advance(2);
        }
        else if (value >= short.MinValue)
        {
            var span = _output.GetSpan(3);
            span[0] = MessagePackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            _output.Advance(3);
        }
        else if (value >= int.MinValue)
        {
            var span = _output.GetSpan(5);
            span[0] = MessagePackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            _output.Advance(5);
        }
        else
        {
            var span = _output.GetSpan(9);
            span[0] = MessagePackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            _output.Advance(9);
        }
    }

    /// <summary>Writes an unsigned integer in the smallest integer format that holds it.</summary>
    public readonly void Write(ulong value)
    {
        if (value <= MessagePackCode.MaxPositiveFixInt)
        {
            WriteByte((byte)value);
        }
        else if (value <= byte.MaxValue)
        {
            var span = _output.GetSpan(2);
            span[0] = MessagePackCode.UInt8;
            span[1] = (byte)value;
            _output.Advance(2);
        }
        else if (value <= ushort.MaxValue)
        {
            var span = _output.GetSpan(3);
            span[0] = MessagePackCode.UInt16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
            _output.Advance(3);
        }
        else if (value <= uint.MaxValue)
        {
            var span = _output.GetSpan(5);
            span[0] = MessagePackCode.UInt32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
            _output.Advance(5);
        }
        else
        {
            var span = _output.GetSpan(9);
            span[0] = MessagePackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            _output.Advance(9);
        }
    }

    /// <summary>Writes a signed 32-bit integer in the smallest format.</summary>
    public readonly void Write(int value) => Write((long)value);

    /// <summary>Writes a float64.</summary>
    public readonly void Write(double value)
    {
        var span = _output.GetSpan(9);
        span[0] = MessagePackCode.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _output.Advance(9);
    }

    /// <summary>Writes a string as UTF-8 (fixstr, str8, str16 or str32), or nil when it is null.</summary>
    /// <exception cref="ArgumentException">The string holds an unpaired surrogate, so it has no UTF-8 form.</exception>
    public readonly void Write(string? value)
    {
        if (value is null)
        {
            WriteNil();
            return;
        }

        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The string is not valid Unicode (unpaired surrogate).", nameof(value), ex);
        }

        WriteStringHeader(byteCount);
        var span = _output.GetSpan(byteCount);
        StrictUtf8.GetBytes(value, span);
        _output.Advance(byteCount);
    }

    /// <summary>Writes a string header for <paramref name="byteCount"/> bytes of UTF-8 that the caller writes next.</summary>
    public readonly void WriteStringHeader(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        if (byteCount <= 31)
        {
            WriteByte((byte)(MessagePackCode.MinFixStr | byteCount));
        }
        else if (byteCount <= byte.MaxValue)
        {
            var span = _output.GetSpan(2);
            span[0] = MessagePackCode.Str8;
            span[1] = (byte)byteCount;
            _output.Advance(2);
        }
        else if (byteCount <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Str16, (ushort)byteCount);
        }
        else
        {
            WriteCodeAndUInt32(MessagePackCode.Str32, (uint)byteCount);
        }
    }

    /// <summary>Writes a byte array (bin8, bin16 or bin32).</summary>
    public readonly void WriteBinary(ReadOnlySpan<byte> value)
    {
        if (value.Length <= byte.MaxValue)
        {
            var header = _output.GetSpan(2);
            header[0] = MessagePackCode.Bin8;
            header[1] = (byte)value.Length;
            _output.Advance(2);
        }
        else if (value.Length <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Bin16, (ushort)value.Length);
        }
        else
        {
            WriteCodeAndUInt32(MessagePackCode.Bin32, (uint)value.Length);
        }

        WriteRaw(value);
    }

    /// <summary>Writes an array header for <paramref name="count"/> elements that the caller writes next.</summary>
    public readonly void WriteArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= 15)
        {
            WriteByte((byte)(MessagePackCode.MinFixArray | count));
        }
        else if (count <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Array16, (ushort)count);
        }
        else
        {
            WriteCodeAndUInt32(MessagePackCode.Array32, (uint)count);
        }
    }

    /// <summary>Writes a map header for <paramref name="count"/> key/value pairs that the caller writes next.</summary>
    public readonly void WriteMapHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= 15)
        {
            WriteByte((byte)(MessagePackCode.MinFixMap | count));
        }
        else if (count <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Map16, (ushort)count);
        }
        else
        {
            WriteCodeAndUInt32(MessagePackCode.Map32, (uint)count);
        }
    }

    /// <summary>Copies bytes to the output as they are (already-encoded MessagePack, or string bytes after a header).</summary>
    public readonly void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        var span = _output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        _output.Advance(bytes.Length);
    }

    private readonly void WriteByte(byte value)
    {
        var span = _output.GetSpan(1);
        span[0] = value;
        _output.Advance(1);
    }

    private readonly void WriteCodeAndUInt16(byte code, ushort value)
    {
        var span = _output.GetSpan(3);
        span[0] = code;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], value);
        _output.Advance(3);
    }

    private readonly void WriteCodeAndUInt32(byte code, uint value)
    {
        var span = _output.GetSpan(5);
        span[0] = code;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], value);
        _output.Advance(5);
    }
}
