using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>
/// Named reads with the library's reader under the protocol's strict rules, so theories can say which read to apply
/// to a vector. Each reads one value with generous limits and returns it boxed.
/// </summary>
public static class ReaderOps
{
    private delegate object? ReadAction(ref MessagePackReader reader);

    /// <summary>Applies <paramref name="op"/> to <paramref name="bytes"/> and returns the value and the bytes consumed.</summary>
    /// <exception cref="ProtocolException">The read was refused, for the protocol's reasons or the library's.</exception>
    public static (object? Value, long Consumed) Run(string op, byte[] bytes)
    {
        var read = Get(op);
        var reader = new MessagePackReader(bytes);
        try
        {
            var value = read(ref reader);
            return (value, reader.Consumed);
        }
        catch (Exception ex) when (Strict.IsMalformedInput(ex))
        {
            throw new ProtocolException(ex.Message, ex);
        }
    }

    private static ReadAction Get(string op) => op switch
    {
        "nil" => static (ref MessagePackReader r) =>
        {
            r.ReadNil();
            return null;
        },
        "bool" => static (ref MessagePackReader r) => Strict.ReadBoolean(ref r),
        "int" => static (ref MessagePackReader r) => Strict.ReadInt64(ref r, long.MinValue, long.MaxValue),
        "uint" => static (ref MessagePackReader r) => r.ReadUInt64(),
        "double" => static (ref MessagePackReader r) => r.ReadDouble(),
        "string" => static (ref MessagePackReader r) => Strict.ReadString(ref r, int.MaxValue),
        "binary" => static (ref MessagePackReader r) => Strict.ReadBinary(ref r, 0, int.MaxValue),
        "skip" => static (ref MessagePackReader r) =>
        {
            Strict.SkipChecked(ref r, 0);
            return null;
        },
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown reader operation"),
    };
}
