using FileShare.Protocol.MessagePack;

namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>
/// Named reader operations, so theories can say which read to apply to a vector. Each reads one value
/// with generous limits and returns it boxed.
/// </summary>
public static class ReaderOps
{
    public static ReadAction Get(string op) => op switch
    {
        "nil" => static (ref MessagePackReader r) =>
        {
            r.ReadNil();
            return null;
        },
        "bool" => static (ref MessagePackReader r) => r.ReadBoolean(),
        "int" => static (ref MessagePackReader r) => r.ReadInt64(),
        "uint" => static (ref MessagePackReader r) => r.ReadUInt64(),
        "double" => static (ref MessagePackReader r) => r.ReadDouble(),
        "string" => static (ref MessagePackReader r) => r.ReadString(int.MaxValue),
        "binary" => static (ref MessagePackReader r) => r.ReadBinary(int.MaxValue),
        "array" => static (ref MessagePackReader r) => r.ReadArrayHeader(int.MaxValue),
        "map" => static (ref MessagePackReader r) => r.ReadMapHeader(int.MaxValue),
        "skip" => static (ref MessagePackReader r) =>
        {
            r.Skip();
            return null;
        },
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown reader operation"),
    };

    /// <summary>Applies <paramref name="op"/> to <paramref name="bytes"/> and returns the value and the bytes consumed.</summary>
    public static (object? Value, int Consumed) Run(string op, byte[] bytes)
    {
        var reader = new MessagePackReader(bytes);
        var value = Get(op)(ref reader);
        return (value, reader.Consumed);
    }

    /// <summary>Applies <paramref name="op"/> and returns the <see cref="ProtocolException"/> it must throw.</summary>
    public static ProtocolException Rejects(string op, byte[] bytes) =>
        Assert.Throws<ProtocolException>(() =>
        {
            var reader = new MessagePackReader(bytes);
            Get(op)(ref reader);
        });
}
