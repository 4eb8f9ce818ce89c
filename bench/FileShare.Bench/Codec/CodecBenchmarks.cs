using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using FileShare.Protocol.Messages;

namespace FileShare.Bench.Codec;

/// <summary>
/// Encode+decode cost and allocation of the control codec for the three messages that dominate a tracker's
/// traffic, plus the heartbeat fast path and the tracker's encode-into-a-reused-buffer path.
/// </summary>
/// <remarks>Public and unsealed because BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class CodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);

    [Benchmark, BenchmarkCategory("Heartbeat")]
    public Envelope HeartbeatEncodeDecode() => MessageCodec.Decode(MessageCodec.Encode(CodecSamples.Heartbeat));

    [Benchmark, BenchmarkCategory("Heartbeat")]
    public bool HeartbeatFastPath() => MessageCodec.TryReadHeartbeat(CodecSamples.HeartbeatBytes, out _, out _);

    [Benchmark, BenchmarkCategory("Publish")]
    public Envelope PublishEncodeDecode() => MessageCodec.Decode(MessageCodec.Encode(CodecSamples.Publish));

    [Benchmark, BenchmarkCategory("Publish")]
    public Envelope PublishDecode() => MessageCodec.Decode(CodecSamples.PublishBytes);

    [Benchmark, BenchmarkCategory("FileCandidates")]
    public Envelope FileCandidatesEncodeDecode() => MessageCodec.Decode(MessageCodec.Encode(CodecSamples.FileCandidates));

    [Benchmark, BenchmarkCategory("FileCandidates")]
    public Envelope FileCandidatesDecode() => MessageCodec.Decode(CodecSamples.FileCandidatesBytes);

    [Benchmark, BenchmarkCategory("FileCandidates")]
    public int FileCandidatesEncodeIntoBuffer()
    {
        _buffer.ResetWrittenCount();
        MessageCodec.Encode(CodecSamples.FileCandidates, _buffer);
        return _buffer.WrittenCount;
    }
}
