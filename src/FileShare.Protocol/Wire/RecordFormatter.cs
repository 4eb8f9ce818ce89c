using System.Buffers;
using System.Reflection;
using MessagePack;
using MessagePack.Formatters;

namespace FileShare.Protocol.Wire;

/// <summary>
/// Wraps a generated record formatter with what it lacks on read: it would fill missing fields with defaults (the
/// protocol requires them), take nil for the record (the protocol does not), and skip extra trailing fields with
/// the library's unbounded Skip() (they are checked here first, under the 16-level / 256-item / UTF-8 rules).
/// An error names the field it is about.
/// </summary>
internal sealed class RecordFormatter<T>(IMessagePackFormatter<T> generated) : IMessagePackFormatter<T>
{
    private static readonly PropertyInfo[] Fields = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetCustomAttribute<KeyAttribute>() is not null)
        .OrderBy(p => p.GetCustomAttribute<KeyAttribute>()!.IntKey)
        .ToArray();

    // Field names by [Key] index, for error messages.
    private static readonly string[] FieldNames = [.. Fields.Select(p => p.Name)];

    // Fields a reader requires: all but the [Optional] ones at the end, which later revisions appended.
    private static readonly int RequiredFields = Fields.Length - Fields.Reverse().TakeWhile(p => p.GetCustomAttribute<OptionalAttribute>() is not null).Count();

    // The defaults the optional fields are compared with, computed once.
    private static readonly object?[] OptionalDefaults = [.. Fields.Skip(RequiredFields)
        .Select(p => p.PropertyType.IsValueType ? Activator.CreateInstance(p.PropertyType) : null)];

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
    {
        if (RequiredFields == Fields.Length || !OptionalFieldsAreDefault(value))
        {
            generated.Serialize(ref writer, value, options);
            return;
        }

        // The generated formatter writes every field; a record whose optional fields hold their defaults goes out
        // as the shorter array version 1 defined, so old messages keep their exact bytes.
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(256);
        scratch.ResetWrittenCount();
        var full = new MessagePackWriter(scratch) { OldSpec = false };
        generated.Serialize(ref full, value, options);
        full.Flush();
        var reader = new MessagePackReader(scratch.WrittenMemory);
        _ = reader.ReadArrayHeader();
        var start = reader.Consumed;
        for (var i = 0; i < RequiredFields; i++)
        {
            reader.Skip();
        }

        writer.WriteArrayHeader(RequiredFields);
        writer.WriteRaw(scratch.WrittenSpan[(int)start..(int)reader.Consumed]);
    }

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var start = reader.CreatePeekReader();
        var peek = start;
        var count = Strict.ReadArrayHeader(ref peek);
        if (count < RequiredFields)
        {
            throw new ProtocolException($"{typeof(T).Name} needs {RequiredFields} fields, not {count}.");
        }

        if (count > FieldNames.Length)
        {
            for (var i = 0; i < FieldNames.Length; i++)
            {
                peek.Skip(); // read strictly below, by the generated formatter
            }

            Strict.SkipValuesChecked(ref peek, count - FieldNames.Length);
        }

        try
        {
            return generated.Deserialize(ref reader, options);
        }
        catch (ProtocolException ex)
        {
            throw FieldAt(start, reader.Consumed, ex.AfterValue) is { } field ? Strict.Named(ex, field) : ex;
        }
        catch (Exception ex) when (Strict.IsMalformedInput(ex))
        {
            var error = new ProtocolException(ex.Message, ex);
            throw FieldAt(start, reader.Consumed, afterValue: false) is { } field ? Strict.Named(error, field) : error;
        }
    }

    private static bool OptionalFieldsAreDefault(T value)
    {
        for (var i = RequiredFields; i < Fields.Length; i++)
        {
            if (!Equals(Fields[i].GetValue(value), OptionalDefaults[i - RequiredFields]))
            {
                return false;
            }
        }

        return true;
    }

    // Error path only: walks the fields again to find the one the reader stopped in. A value refused by its first
    // byte stops the reader at that field's start; one refused after it was read stops it at the field's end.
    private static string? FieldAt(MessagePackReader record, long failedAt, bool afterValue)
    {
        var field = 0;
        try
        {
            _ = record.ReadArrayHeader();
            for (; field < FieldNames.Length; field++)
            {
                record.Skip();
                var end = record.Consumed;
                if (end > failedAt || (afterValue && end == failedAt))
                {
                    return FieldNames[field];
                }
            }
        }
        catch (Exception ex) when (Strict.IsMalformedInput(ex))
        {
            // The input ends inside this field, so it is the one the error is about.
            return field < FieldNames.Length ? FieldNames[field] : null;
        }

        return null;
    }
}
