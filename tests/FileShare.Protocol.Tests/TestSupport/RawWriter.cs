using System.Buffers;
using MessagePack;

namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>
/// Writes MessagePack values one call at a time with the library's writer, so tests can build any datagram by hand,
/// invalid ones included, from plain lambdas (the library's writer is a ref struct and cannot be captured).
/// </summary>
public sealed class RawWriter(IBufferWriter<byte> output)
{
    public void WriteNil() => Do(static (ref MessagePackWriter w, int _) => w.WriteNil(), 0);

    public void Write(bool value) => Do(static (ref MessagePackWriter w, bool v) => w.Write(v), value);

    public void Write(long value) => Do(static (ref MessagePackWriter w, long v) => w.Write(v), value);

    public void Write(ulong value) => Do(static (ref MessagePackWriter w, ulong v) => w.Write(v), value);

    public void Write(int value) => Write((long)value);

    public void Write(double value) => Do(static (ref MessagePackWriter w, double v) => w.Write(v), value);

    public void Write(string? value) => Do(static (ref MessagePackWriter w, string? v) => w.Write(v), value);

    public void WriteStringHeader(int byteCount) => Do(static (ref MessagePackWriter w, int v) => w.WriteStringHeader(v), byteCount);

    public void WriteBinary(byte[] value) => Do(static (ref MessagePackWriter w, byte[] v) => w.Write(v), value);

    public void WriteArrayHeader(int count) => Do(static (ref MessagePackWriter w, int v) => w.WriteArrayHeader(v), count);

    public void WriteMapHeader(int count) => Do(static (ref MessagePackWriter w, int v) => w.WriteMapHeader(v), count);

    public void WriteRaw(byte[] bytes) => Do(static (ref MessagePackWriter w, byte[] v) => w.WriteRaw(v), bytes);

    private delegate void Step<in T>(ref MessagePackWriter writer, T value);

    private void Do<T>(Step<T> step, T value)
    {
        var writer = new MessagePackWriter(output) { OldSpec = false };
        step(ref writer, value);
        writer.Flush();
    }
}
