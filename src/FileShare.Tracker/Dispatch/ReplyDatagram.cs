using System.Buffers;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using MessagePack;

namespace FileShare.Tracker.Dispatch;

/// <summary>
/// The one place a reply datagram of the tracker is framed: every reply, from a record or from a page built in place,
/// goes out through <see cref="Write{TBody}"/>. A reply to a signed request is a signed envelope: its session's token,
/// the request's counter, then the MAC under the session's reply key, appended over the bytes written (PROTOCOL.md §5).
/// </summary>
internal static class ReplyDatagram
{
    /// <summary>Writes the reply envelope of <paramref name="body"/> into <paramref name="output"/> (emptied first).</summary>
    /// <exception cref="InvalidOperationException">The reply is larger than <paramref name="limit"/>; nothing is left in the output.</exception>
    public static void Write<TBody>(ArrayBufferWriter<byte> output, ReplyTo to, TBody body, int limit = ProtocolLimits.MaxDatagramBytes)
        where TBody : struct, IReplyBody
    {
        ArgumentNullException.ThrowIfNull(output);
        output.ResetWrittenCount();
        var writer = new MessagePackWriter(output) { OldSpec = false };
        if (to.Signer is { } signer)
        {
            ReplyEncoder.WriteSignedHead(ref writer, body.Type, to.RequestId, signer.Token, to.Counter ?? 0);
            body.Write(ref writer);
            writer.WriteBinHeader(ProtocolLimits.SessionMacBytes);
            writer.Flush();
            var mac = output.GetSpan(ProtocolLimits.SessionMacBytes)[..ProtocolLimits.SessionMacBytes];
            signer.Keys.ReplyMac.Compute(output.WrittenSpan, mac);
            output.Advance(ProtocolLimits.SessionMacBytes);
        }
        else
        {
            ReplyEncoder.WriteHead(ref writer, body.Type, to.RequestId);
            body.Write(ref writer);
            writer.Flush();
        }

        if (output.WrittenCount > limit)
        {
            output.ResetWrittenCount();
            throw new InvalidOperationException($"{body.Type} reply does not fit a datagram.");
        }
    }
}
