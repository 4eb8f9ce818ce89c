using System.Buffers;

namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>Small helpers for building and comparing byte strings in tests.</summary>
public static class Bytes
{
    public static byte[] FromHex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static byte[] Write(WriteAction action)
    {
        var buffer = new ArrayBufferWriter<byte>();
        action(new RawWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(part => part).ToArray();

    public static byte[] Filled(int length, byte value)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, value);
        return bytes;
    }

    /// <summary>Deterministic pseudo-random bytes, so hashes and keys in samples look real but never change.</summary>
    public static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
