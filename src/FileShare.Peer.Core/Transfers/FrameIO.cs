using System.Buffers;
using FileShare.Protocol;
using FileShare.Protocol.Transfer;

namespace FileShare.Peer.Core.Transfers;

/// <summary>Moves length-prefixed transfer header frames over a stream; decoding stays in the protocol library.</summary>
internal static class FrameIO
{
    /// <summary>Reads one frame's payload. Throws <see cref="ProtocolException"/> on a bad length and <see cref="EndOfStreamException"/> on EOF.</summary>
    public static async Task<byte[]> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
    {
        var prefix = new byte[TransferFraming.PrefixBytes];
        await stream.ReadExactlyAsync(prefix, cancellationToken).ConfigureAwait(false);
        var length = TransferFraming.ReadLength(prefix);
        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        return payload;
    }
}
