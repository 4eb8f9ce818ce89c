using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace FileShare.Protocol.Tests.Legacy.MessagePack;

/// <summary>
/// Reads MessagePack values from a contiguous buffer. Accepts every valid encoding of a value
/// (not only the smallest) and throws <see cref="ProtocolException"/> for anything it rejects.
/// Lengths declared by the input are checked against the bytes left and the caller's limit
/// before anything is allocated.
/// </summary>
public ref struct MessagePackReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    /// <summary>Creates a reader over <paramref name="buffer"/>.</summary>
    public MessagePackReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Creates a reader over <paramref name="sequence"/>, copied once when it has several segments.</summary>
    public MessagePackReader(in ReadOnlySequence<byte> sequence)
    {
        // The copy is sized by bytes actually present, never by a declared length.
        _buffer = sequence.IsSingleSegment ? sequence.FirstSpan : sequence.ToArray();
        _position = 0;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Consumed => _position;

    /// <summary>Bytes not yet read.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool End => _position >= _buffer.Length;

    /// <summary>The kind of the next value, without consuming it.</summary>
    public readonly MessagePackType NextType
    {
        get
        {
            if (End)
            {
                return MessagePackType.Unknown;
            }

            return TypeOf(_buffer[_position]);
        }
    }

    /// <summary>Throws unless every byte has been read.</summary>
    public readonly void EnsureEnd()
    {
        if (!End)
        {
            throw new ProtocolException($"Unexpected {Remaining} trailing byte(s) after the message.");
        }
    }

    /// <summary>Consumes a nil if one is next and returns whether it did.</summary>
    public bool TryReadNil()
    {
        if (!End && _buffer[_position] == MessagePackCode.Nil)
        {
            _position++;
            return true;
        }

        return false;
    }

    /// <summary>Reads a nil.</summary>
    public void ReadNil()
    {
        var code = ReadCode("nil");
        if (code != MessagePackCode.Nil)
        {
            throw WrongType("nil", code);
        }
    }

    /// <summary>Reads a boolean.</summary>
    public bool ReadBoolean()
    {
        var code = ReadCode("boolean");
        return code switch
        {
            MessagePackCode.True => true,
            MessagePackCode.False => false,
            _ => throw WrongType("boolean", code),
        };
    }

    /// <summary>Reads any integer family as a signed 64-bit value.</summary>
    public long ReadInt64()
    {
        var code = ReadCode("integer");
        if (code <= MessagePackCode.MaxPositiveFixInt)
        {
            return code;
        }

        if (code >= MessagePackCode.MinNegativeFixInt)
        {
            return unchecked((sbyte)code);
        }

        switch (code)
        {
            case MessagePackCode.UInt8: return Take(1, "uint8")[0];
            case MessagePackCode.UInt16: return BinaryPrimitives.ReadUInt16BigEndian(Take(2, "uint16"));
            case MessagePackCode.UInt32: return BinaryPrimitives.ReadUInt32BigEndian(Take(4, "uint32"));
            case MessagePackCode.UInt64:
                var unsigned = BinaryPrimitives.ReadUInt64BigEndian(Take(8, "uint64"));
                if (unsigned > long.MaxValue)
                {
                    throw new ProtocolException($"Integer {unsigned} is out of range for a signed 64-bit field.");
                }

                return (long)unsigned;
            case MessagePackCode.Int8: return unchecked((sbyte)Take(1, "int8")[0]);
            case MessagePackCode.Int16: return BinaryPrimitives.ReadInt16BigEndian(Take(2, "int16"));
            case MessagePackCode.Int32: return BinaryPrimitives.ReadInt32BigEndian(Take(4, "int32"));
            case MessagePackCode.Int64: return BinaryPrimitives.ReadInt64BigEndian(Take(8, "int64"));
            default: throw WrongType("integer", code);
        }
    }

    /// <summary>Reads any integer family as an unsigned 64-bit value; negative values are rejected.</summary>
    public ulong ReadUInt64()
    {
        if (!End && _buffer[_position] == MessagePackCode.UInt64)
        {
            _position++;
            return BinaryPrimitives.ReadUInt64BigEndian(Take(8, "uint64"));
        }

        var value = ReadInt64();
        if (value < 0)
        {
            throw new ProtocolException($"Integer {value} is negative where an unsigned value is required.");
        }

        return (ulong)value;
    }

    /// <summary>Reads an integer that must lie within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long ReadInt64(long min, long max, string field)
    {
        var value = ReadInt64();
        if (value < min || value > max)
        {
            throw new ProtocolException($"Field '{field}' is {value}, outside {min}..{max}.");
        }

        return value;
    }

    /// <summary>Reads an integer that fits a signed 32-bit field.</summary>
    public int ReadInt32() => (int)ReadInt64(int.MinValue, int.MaxValue, "int32");

    /// <summary>Reads an integer that fits an unsigned 32-bit field.</summary>
    public uint ReadUInt32() => (uint)ReadInt64(0, uint.MaxValue, "uint32");

    /// <summary>Reads a float32 or float64 (integers are accepted too, as the value they denote).</summary>
    public double ReadDouble()
    {
        if (End)
        {
            throw Truncated("float");
        }

        var code = _buffer[_position];
        if (code == MessagePackCode.Float64)
        {
            _position++;
            return BinaryPrimitives.ReadDoubleBigEndian(Take(8, "float64"));
        }

        if (code == MessagePackCode.Float32)
        {
            _position++;
            return BinaryPrimitives.ReadSingleBigEndian(Take(4, "float32"));
        }

        if (TypeOf(code) == MessagePackType.Integer)
        {
            return ReadInt64();
        }

        _position++;
        throw WrongType("float", code);
    }

    /// <summary>Reads a UTF-8 string of at most <paramref name="maxBytes"/> bytes.</summary>
    public string ReadString(int maxBytes)
    {
        var bytes = ReadStringBytes(maxBytes);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads a string or nil.</summary>
    public string? ReadNullableString(int maxBytes) => TryReadNil() ? null : ReadString(maxBytes);

    /// <summary>Reads the raw UTF-8 bytes of a string, validated, without decoding them.</summary>
    public ReadOnlySpan<byte> ReadStringBytes(int maxBytes)
    {
        var code = ReadCode("string");
        int length;
        if (code is >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr)
        {
            length = code & 0x1f;
        }
        else
        {
            length = code switch
            {
                MessagePackCode.Str8 => Take(1, "str8 length")[0],
                MessagePackCode.Str16 => BinaryPrimitives.ReadUInt16BigEndian(Take(2, "str16 length")),
                MessagePackCode.Str32 => CheckedLength(BinaryPrimitives.ReadUInt32BigEndian(Take(4, "str32 length"))),
                _ => throw WrongType("string", code),
            };
        }

        if (length > maxBytes)
        {
            throw new ProtocolException($"String of {length} bytes exceeds the limit of {maxBytes}.");
        }

        var bytes = Take(length, "string");
        if (!Utf8.IsValid(bytes))
        {
            throw new ProtocolException("String is not valid UTF-8.");
        }

        return bytes;
    }

    /// <summary>Reads a byte array of at most <paramref name="maxBytes"/> bytes.</summary>
    public byte[] ReadBinary(int maxBytes) => ReadBinarySpan(maxBytes).ToArray();

    /// <summary>Reads a byte array of exactly <paramref name="length"/> bytes.</summary>
    public byte[] ReadBinary(int length, string field)
    {
        var span = ReadBinarySpan(length);
        if (span.Length != length)
        {
            throw new ProtocolException($"Field '{field}' must be {length} bytes, not {span.Length}.");
        }

        return span.ToArray();
    }

    /// <summary>Reads a byte array of at most <paramref name="maxBytes"/> bytes as a view into the input.</summary>
    public ReadOnlySpan<byte> ReadBinarySpan(int maxBytes)
    {
        var code = ReadCode("binary");
        var length = code switch
        {
            MessagePackCode.Bin8 => Take(1, "bin8 length")[0],
            MessagePackCode.Bin16 => BinaryPrimitives.ReadUInt16BigEndian(Take(2, "bin16 length")),
            MessagePackCode.Bin32 => CheckedLength(BinaryPrimitives.ReadUInt32BigEndian(Take(4, "bin32 length"))),
            _ => throw WrongType("binary", code),
        };
        if (length > maxBytes)
        {
            throw new ProtocolException($"Binary of {length} bytes exceeds the limit of {maxBytes}.");
        }

        return Take(length, "binary");
    }

    /// <summary>Reads an array header of at most <paramref name="maxItems"/> elements.</summary>
    public int ReadArrayHeader(int maxItems = ProtocolLimits.MaxCollectionItems)
    {
        var code = ReadCode("array");
        int count;
        if (code is >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray)
        {
            count = code & 0x0f;
        }
        else
        {
            count = code switch
            {
                MessagePackCode.Array16 => BinaryPrimitives.ReadUInt16BigEndian(Take(2, "array16 length")),
                MessagePackCode.Array32 => CheckedLength(BinaryPrimitives.ReadUInt32BigEndian(Take(4, "array32 length"))),
                _ => throw WrongType("array", code),
            };
        }

        CheckCount(count, maxItems, "Array");
        return count;
    }

    /// <summary>Reads a map header of at most <paramref name="maxItems"/> pairs.</summary>
    public int ReadMapHeader(int maxItems = ProtocolLimits.MaxCollectionItems)
    {
        var code = ReadCode("map");
        int count;
        if (code is >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap)
        {
            count = code & 0x0f;
        }
        else
        {
            count = code switch
            {
                MessagePackCode.Map16 => BinaryPrimitives.ReadUInt16BigEndian(Take(2, "map16 length")),
                MessagePackCode.Map32 => CheckedLength(BinaryPrimitives.ReadUInt32BigEndian(Take(4, "map32 length"))),
                _ => throw WrongType("map", code),
            };
        }

        CheckCount(count, maxItems, "Map");
        return count;
    }

    /// <summary>Skips one value of any type, following nested collections up to the nesting limit.</summary>
    public void Skip() => Skip(depth: 0);

    /// <summary>Skips <paramref name="count"/> values, e.g. the trailing fields a newer revision appended to a record.</summary>
    public void SkipValues(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Skip(depth: 0);
        }
    }

    /// <summary>
    /// Reads the array header of a record that must have at least <paramref name="required"/> fields and returns
    /// how many extra trailing fields follow the required ones (to <see cref="SkipValues"/> after reading them).
    /// </summary>
    public int ReadRecordHeader(int required, string what)
    {
        var count = ReadArrayHeader();
        if (count < required)
        {
            throw new ProtocolException($"{what} needs {required} fields, not {count}.");
        }

        return count - required;
    }

    // depth counts the arrays and maps enclosing the value; only a collection adds a level.
    private void Skip(int depth)
    {
        if (End)
        {
            throw Truncated("value");
        }

        var code = _buffer[_position];
        switch (TypeOf(code))
        {
            case MessagePackType.Nil:
            case MessagePackType.Boolean:
                _position++;
                break;
            case MessagePackType.Integer:
                ReadInt64Unchecked();
                break;
            case MessagePackType.Float:
                ReadDouble();
                break;
            case MessagePackType.String:
                ReadStringBytes(int.MaxValue);
                break;
            case MessagePackType.Binary:
                ReadBinarySpan(int.MaxValue);
                break;
            case MessagePackType.Array:
                EnsureNestingAllowed(depth);
                var items = ReadArrayHeader();
                for (var i = 0; i < items; i++)
                {
                    Skip(depth + 1);
                }

                break;
            case MessagePackType.Map:
                EnsureNestingAllowed(depth);
                var pairs = ReadMapHeader();
                for (var i = 0; i < pairs * 2; i++)
                {
                    Skip(depth + 1);
                }

                break;
            case MessagePackType.Extension:
                SkipExtension();
                break;
            default:
                _position++;
                throw new ProtocolException($"Invalid format byte 0x{code:x2}.");
        }
    }

    private static void EnsureNestingAllowed(int enclosingCollections)
    {
        if (enclosingCollections >= ProtocolLimits.MaxNestingDepth)
        {
            throw new ProtocolException($"Nesting deeper than {ProtocolLimits.MaxNestingDepth} levels.");
        }
    }

    private void ReadInt64Unchecked()
    {
        // uint64 values above long.MaxValue are valid MessagePack even where our fields reject them.
        if (_buffer[_position] == MessagePackCode.UInt64)
        {
            _position++;
            Take(8, "uint64");
            return;
        }

        ReadInt64();
    }

    private void SkipExtension()
    {
        var code = ReadCode("extension");
        var length = code switch
        {
            MessagePackCode.FixExt1 => 1,
            MessagePackCode.FixExt2 => 2,
            MessagePackCode.FixExt4 => 4,
            MessagePackCode.FixExt8 => 8,
            MessagePackCode.FixExt16 => 16,
            MessagePackCode.Ext8 => Take(1, "ext8 length")[0],
            MessagePackCode.Ext16 => BinaryPrimitives.ReadUInt16BigEndian(Take(2, "ext16 length")),
            MessagePackCode.Ext32 => CheckedLength(BinaryPrimitives.ReadUInt32BigEndian(Take(4, "ext32 length"))),
            _ => throw WrongType("extension", code),
        };
        Take(1 + length, "extension");
    }

    internal static MessagePackType TypeOf(byte code) => code switch
    {
        <= MessagePackCode.MaxPositiveFixInt => MessagePackType.Integer,
        <= MessagePackCode.MaxFixMap => MessagePackType.Map,
        <= MessagePackCode.MaxFixArray => MessagePackType.Array,
        <= MessagePackCode.MaxFixStr => MessagePackType.String,
        MessagePackCode.Nil => MessagePackType.Nil,
        MessagePackCode.NeverUsed => MessagePackType.Unknown,
        MessagePackCode.False or MessagePackCode.True => MessagePackType.Boolean,
        MessagePackCode.Bin8 or MessagePackCode.Bin16 or MessagePackCode.Bin32 => MessagePackType.Binary,
        MessagePackCode.Ext8 or MessagePackCode.Ext16 or MessagePackCode.Ext32 => MessagePackType.Extension,
        MessagePackCode.Float32 or MessagePackCode.Float64 => MessagePackType.Float,
        >= MessagePackCode.UInt8 and <= MessagePackCode.Int64 => MessagePackType.Integer,
        >= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16 => MessagePackType.Extension,
        >= MessagePackCode.Str8 and <= MessagePackCode.Str32 => MessagePackType.String,
        MessagePackCode.Array16 or MessagePackCode.Array32 => MessagePackType.Array,
        MessagePackCode.Map16 or MessagePackCode.Map32 => MessagePackType.Map,
        _ => MessagePackType.Integer, // negative fixint
    };

    private byte ReadCode(string expected)
    {
        if (End)
        {
            throw Truncated(expected);
        }

        return _buffer[_position++];
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > Remaining)
        {
            throw new ProtocolException(
                $"Truncated input: {what} needs {count} byte(s) but only {Remaining} remain.");
        }

        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }

    private readonly void CheckCount(int count, int maxItems, string kind)
    {
        if (count > maxItems)
        {
            throw new ProtocolException($"{kind} of {count} items exceeds the limit of {maxItems}.");
        }

        // Every element takes at least one byte, so a count beyond the bytes left is a lie.
        if (count > Remaining)
        {
            throw new ProtocolException(
                $"Truncated input: {kind.ToLowerInvariant()} declares {count} items but only {Remaining} bytes remain.");
        }
    }

    private readonly int CheckedLength(uint declared)
    {
        if (declared > (uint)Remaining)
        {
            throw new ProtocolException(
                $"Truncated input: declared length {declared} is larger than the {Remaining} bytes left.");
        }

        return (int)declared;
    }

    private static ProtocolException Truncated(string expected) =>
        new($"Truncated input: expected {expected} but the input ended.");

    private static ProtocolException WrongType(string expected, byte code) =>
        new($"Expected {expected} but found {DescribeCode(code)} (0x{code:x2}).");

    private static string DescribeCode(byte code) => TypeOf(code) switch
    {
        MessagePackType.Unknown => "the reserved byte",
        var type => type.ToString().ToLowerInvariant(),
    };
}
