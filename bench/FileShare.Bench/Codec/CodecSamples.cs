using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;

namespace FileShare.Bench.Codec;

/// <summary>The messages the codec scenario encodes and decodes, built once and identical for every run.</summary>
internal static class CodecSamples
{
    private static readonly byte[] Token = [.. Enumerable.Range(0, 16).Select(i => (byte)(i * 7))];
    private static readonly byte[] Sha256 = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 3))];
    private static readonly byte[] Ticket = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 5))];

    /// <summary>The most frequent datagram a tracker gets.</summary>
    public static readonly Envelope Heartbeat = new(123_456, Token, new HeartbeatRequest());

    /// <summary>A publish of a typical name.</summary>
    public static readonly Envelope Publish = new(7_001, Token, new PublishRequest("holiday-photos-2026.tar.gz", 734_003_200L, Sha256));

    /// <summary>A full page of nine publishers (IPv4 and IPv6), about 1 KB, as the tracker cuts it.</summary>
    public static readonly Envelope FileCandidates = new(77, null, new FileCandidatesReply(
        [.. Enumerable.Range(0, 9).Select(i => new FileCandidate(
            $"user-{i:D2}",
            i % 3 == 0 ? $"2001:db8::{i + 1:x}" : $"192.0.2.{10 + i}",
            40_000 + i,
            734_003_200L,
            Sha256,
            1_767_225_600_000L,
            Ticket))],
        More: true));

    /// <summary>Session keys as a login derives them (fixed inputs, so every run signs the same bytes).</summary>
    public static readonly SessionKeys Keys = SessionKeys.Derive(Sha256, Ticket, "n=bench,r=a,r=ab,s=AAAA,i=4096,c=biws,r=ab");

    /// <summary>The heartbeat as a signed session sends it (version 2, PROTOCOL.md §5).</summary>
    public static readonly Envelope SignedHeartbeat = Heartbeat with { Counter = 1_234 };

    public static readonly byte[] HeartbeatBytes = MessageCodec.Encode(Heartbeat);

    public static readonly byte[] SignedHeartbeatBytes = MessageCodec.EncodeSigned(SignedHeartbeat, Keys.RequestKey);

    public static readonly byte[] SignedPublishBytes = MessageCodec.EncodeSigned(Publish with { Counter = 1_235 }, Keys.RequestKey);

    public static readonly byte[] PublishBytes = MessageCodec.Encode(Publish);

    public static readonly byte[] FileCandidatesBytes = MessageCodec.Encode(FileCandidates);
}
