using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;

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

    /// <summary>What the tracker's receive thread does with a signed heartbeat: read its head, then check its MAC.</summary>
    [Benchmark, BenchmarkCategory("Heartbeat")]
    public bool SignedHeartbeatFastPath() =>
        MessageCodec.TryReadHeartbeat(CodecSamples.SignedHeartbeatBytes, out DatagramHead _)
        && SessionMac.Verify(CodecSamples.Keys.RequestKey, CodecSamples.SignedHeartbeatBytes);

    /// <summary>The MAC alone (HMAC-SHA-256 over about 30 bytes, constant-time compare).</summary>
    [Benchmark, BenchmarkCategory("Heartbeat")]
    public bool MacVerify() => SessionMac.Verify(CodecSamples.Keys.RequestKey, CodecSamples.SignedHeartbeatBytes);

    /// <summary>The MAC with the tracker's reusable per-session context.</summary>
    [Benchmark, BenchmarkCategory("Heartbeat")]
    public bool MacVerifyReusedContext() => CodecSamples.Keys.RequestMac.Verify(CodecSamples.SignedHeartbeatBytes);

    /// <summary>What the tracker's receive thread does with a signed heartbeat, with the reusable context.</summary>
    [Benchmark, BenchmarkCategory("Heartbeat")]
    public bool SignedHeartbeatFastPathReusedContext() =>
        MessageCodec.TryReadHeartbeat(CodecSamples.SignedHeartbeatBytes, out DatagramHead _)
        && CodecSamples.Keys.RequestMac.Verify(CodecSamples.SignedHeartbeatBytes);

    [Benchmark, BenchmarkCategory("Heartbeat")]
    public int SignedHeartbeatEncodeIntoBuffer()
    {
        _buffer.ResetWrittenCount();
        MessageCodec.EncodeSigned(CodecSamples.SignedHeartbeat, CodecSamples.Keys.RequestKey, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("Publish")]
    public Envelope SignedPublishDecodeAndVerify()
    {
        var envelope = MessageCodec.Decode(CodecSamples.SignedPublishBytes);
        return SessionMac.Verify(CodecSamples.Keys.RequestKey, CodecSamples.SignedPublishBytes) ? envelope : throw new InvalidOperationException("MAC");
    }

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
