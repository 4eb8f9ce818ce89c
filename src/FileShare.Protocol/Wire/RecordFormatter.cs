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
    // Field names by [Key] index; every key of a version-1 record is required, later revisions may append fields.
    private static readonly string[] FieldNames = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => (Key: p.GetCustomAttribute<KeyAttribute>()?.IntKey, p.Name))
        .Where(p => p.Key is not null)
        .OrderBy(p => p.Key)
        .Select(p => p.Name)
        .ToArray();

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) =>
        generated.Serialize(ref writer, value, options);

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var start = reader.CreatePeekReader();
        var peek = start;
        var count = Strict.ReadArrayHeader(ref peek);
        if (count < FieldNames.Length)
        {
            throw new ProtocolException($"{typeof(T).Name} needs {FieldNames.Length} fields, not {count}.");
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
