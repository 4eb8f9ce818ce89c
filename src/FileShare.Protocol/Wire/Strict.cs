using System.Buffers;
using System.Text;
using System.Text.Unicode;
using MessagePack;

namespace FileShare.Protocol.Wire;

/// <summary>
/// The per-value rules of PROTOCOL.md §3 that MessagePack-CSharp 2.5 does not enforce by itself: str and bin kept
/// apart, nil only where allowed, valid UTF-8, byte limits, exact lengths, integer ranges, at most
/// <see cref="ProtocolLimits.MaxCollectionItems"/> items, and a skip bounded in depth. The library still does the
/// rest: integer families, declared lengths against the bytes present, big-endian decoding, smallest encodings.
/// </summary>
internal static class Strict
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes a str (or nil for null), refusing an unpaired surrogate the library would write as U+FFFD.</summary>
    /// <exception cref="ArgumentException">The string has no UTF-8 form.</exception>
    public static void WriteString(ref MessagePackWriter writer, string? value)
    {
        if (value is not null && value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            try
            {
                _ = StrictUtf8.GetByteCount(value);
            }
            catch (EncoderFallbackException ex)
            {
                throw new ArgumentException("The string is not valid Unicode (unpaired surrogate).", nameof(value), ex);
            }
        }

        writer.Write(value);
    }

    /// <summary>Reads a str of at most <paramref name="maxBytes"/> bytes of valid UTF-8; nil and bin are refused.</summary>
    public static string ReadString(ref MessagePackReader reader, int maxBytes, string? field = null)
    {
        RequireType(ref reader, MessagePackType.String, "string", field);
        var bytes = reader.ReadStringSequence()!.Value; // a slice of the input: nothing allocated yet
        if (bytes.Length > maxBytes)
        {
            throw Fail(field, $"String of {bytes.Length} bytes exceeds the limit of {maxBytes}.");
        }

        ReadOnlySpan<byte> span = bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray();
        if (!Utf8.IsValid(span))
        {
            throw Fail(field, "String is not valid UTF-8.");
        }

        return Encoding.UTF8.GetString(span);
    }

    /// <summary>Reads a bin of <paramref name="minBytes"/>..<paramref name="maxBytes"/> bytes; nil and str are refused.</summary>
    public static byte[] ReadBinary(ref MessagePackReader reader, int minBytes, int maxBytes, string? field = null) =>
        ReadBinarySequence(ref reader, minBytes, maxBytes, field).ToArray();

    /// <summary>Like <see cref="ReadBinary"/>, as a slice of the input.</summary>
    public static ReadOnlySequence<byte> ReadBinarySequence(ref MessagePackReader reader, int minBytes, int maxBytes, string? field = null)
    {
        // The library's ReadBytes also takes fixstr/str8/str16/str32 ("old spec" raw) on read; the protocol does not.
        RequireType(ref reader, MessagePackType.Binary, "binary", field);
        var bytes = reader.ReadBytes()!.Value;
        if (bytes.Length > maxBytes)
        {
            throw Fail(field, $"Binary of {bytes.Length} bytes exceeds the limit of {maxBytes}.");
        }

        if (bytes.Length < minBytes)
        {
            throw Fail(field, minBytes == maxBytes
                ? $"Binary must be {minBytes} bytes, not {bytes.Length}."
                : $"Binary of {bytes.Length} bytes is shorter than {minBytes}.");
        }

        return bytes;
    }

    /// <summary>Reads any integer family and checks it against <paramref name="min"/>..<paramref name="max"/>.</summary>
    public static long ReadInt64(ref MessagePackReader reader, long min, long max, string? field = null)
    {
        RequireType(ref reader, MessagePackType.Integer, "integer", field);
        long value;
        try
        {
            value = reader.ReadInt64();
        }
        catch (OverflowException)
        {
            throw Fail(field, $"Integer above {long.MaxValue} is outside {min}..{max}.");
        }

        if (value < min || value > max)
        {
            throw Fail(field, $"Integer {value} is outside {min}..{max}.");
        }

        return value;
    }

    /// <summary>Reads a bool (the library's own check, behind the same type test as every other field).</summary>
    public static bool ReadBoolean(ref MessagePackReader reader)
    {
        RequireType(ref reader, MessagePackType.Boolean, "boolean", null);
        return reader.ReadBoolean();
    }

    /// <summary>An array header of 0..256 items. The library returns a negative count for array32 of 2^31 or more.</summary>
    public static int ReadArrayHeader(ref MessagePackReader reader, string? field = null)
    {
        RequireType(ref reader, MessagePackType.Array, "array", field);
        var count = reader.ReadArrayHeader(); // also checks count <= bytes left
        if (count < 0 || count > ProtocolLimits.MaxCollectionItems)
        {
            throw Fail(field, $"Array of {(uint)count} items exceeds the limit of {ProtocolLimits.MaxCollectionItems}.");
        }

        return count;
    }

    /// <summary>
    /// Skips one value under the rules the protocol sets for fields a reader does not know: at most 16 levels of
    /// nesting below it, 256 items per collection, every string valid UTF-8, the reserved byte 0xc1 refused. The
    /// library's own Skip() checks none of these, and skips array32/map32 headers of 2^31 or more items as empty.
    /// </summary>
    public static void SkipChecked(ref MessagePackReader reader, int depth)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Array:
                EnsureNestingAllowed(depth);
                var items = ReadArrayHeader(ref reader);
                for (var i = 0; i < items; i++)
                {
                    SkipChecked(ref reader, depth + 1);
                }

                break;
            case MessagePackType.Map:
                EnsureNestingAllowed(depth);
                var pairs = reader.ReadMapHeader();
                if (pairs < 0 || pairs > ProtocolLimits.MaxCollectionItems)
                {
                    throw new ProtocolException($"Map of {(uint)pairs} items exceeds the limit of {ProtocolLimits.MaxCollectionItems}.");
                }

                for (var i = 0; i < pairs * 2; i++)
                {
                    SkipChecked(ref reader, depth + 1);
                }

                break;
            case MessagePackType.String:
                SkipString(ref reader);
                break;
            case MessagePackType.Unknown:
                throw new ProtocolException($"Invalid format byte 0x{reader.NextCode:x2}.");
            default:
                reader.Skip(); // nil, bool, integer, float, bin, ext: no nesting, lengths checked by the library
                break;
        }
    }

    /// <summary>Skips <paramref name="count"/> values with <see cref="SkipChecked"/>.</summary>
    public static void SkipValuesChecked(ref MessagePackReader reader, int count)
    {
        for (var i = 0; i < count; i++)
        {
            SkipChecked(ref reader, depth: 0);
        }
    }

    /// <summary>The exceptions the library throws for malformed input, all answered as BadRequest.</summary>
    public static bool IsMalformedInput(Exception ex) => ex is MessagePackSerializationException or EndOfStreamException
        or OverflowException or ArgumentOutOfRangeException or InsufficientExecutionStackException;

    private static void SkipString(ref MessagePackReader reader)
    {
        var bytes = reader.ReadStringSequence()!.Value;
        ReadOnlySpan<byte> span = bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray();
        if (!Utf8.IsValid(span))
        {
            throw Fail(null, "String is not valid UTF-8.");
        }
    }

    private static void EnsureNestingAllowed(int enclosingCollections)
    {
        if (enclosingCollections >= ProtocolLimits.MaxNestingDepth)
        {
            throw new ProtocolException($"Nesting deeper than {ProtocolLimits.MaxNestingDepth} levels.");
        }
    }

    /// <summary>Names the field an error is about: <c>'Size': Integer -1 is outside 0..9007199254740992.</c></summary>
    public static ProtocolException Named(ProtocolException error, string field) =>
        new($"'{field}': {error.Message}", error) { Code = error.Code, RequestId = error.RequestId, AfterValue = error.AfterValue };

    private static ProtocolException Fail(string? field, string message) =>
        new(field is null ? message : $"'{field}': {message}") { AfterValue = true };

    private static void RequireType(ref MessagePackReader reader, MessagePackType expected, string what, string? field)
    {
        var type = reader.NextMessagePackType; // EndOfStreamException when the input ended
        if (type != expected)
        {
            var message = $"Expected {what} but found {Describe(type)} (0x{reader.NextCode:x2}).";
            throw new ProtocolException(field is null ? message : $"'{field}': {message}");
        }
    }

    private static string Describe(MessagePackType type) => type switch
    {
        MessagePackType.Integer => "integer",
        MessagePackType.Nil => "nil",
        MessagePackType.Boolean => "boolean",
        MessagePackType.Float => "float",
        MessagePackType.String => "string",
        MessagePackType.Binary => "binary",
        MessagePackType.Array => "array",
        MessagePackType.Map => "map",
        MessagePackType.Extension => "extension",
        _ => "an invalid format byte",
    };
}
