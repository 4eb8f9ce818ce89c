using System.Buffers;

namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>A segment of a hand-built multi-segment <see cref="ReadOnlySequence{T}"/>.</summary>
public sealed class BufferSegment : ReadOnlySequenceSegment<byte>
{
    public BufferSegment(ReadOnlyMemory<byte> memory)
    {
        Memory = memory;
    }

    public BufferSegment Append(ReadOnlyMemory<byte> memory)
    {
        var next = new BufferSegment(memory) { RunningIndex = RunningIndex + Memory.Length };
        Next = next;
        return next;
    }

    /// <summary>Splits <paramref name="bytes"/> into one-byte segments.</summary>
    public static ReadOnlySequence<byte> SplitIntoSingleBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var first = new BufferSegment(bytes.AsMemory(0, 1));
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }
}
