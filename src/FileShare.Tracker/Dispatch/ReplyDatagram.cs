using System.Buffers;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using MessagePack;

namespace FileShare.Tracker.Dispatch;

/// <summary>
/// The one place a reply datagram of the tracker is framed: every reply, from a record or from a page built in place,
/// goes out through <see cref="Write"/>. Whatever the envelope gains after the body (a MAC) is added here.
/// </summary>
internal static class ReplyDatagram
{
    /// <summary>Writes the reply envelope of <paramref name="body"/> into <paramref name="output"/> (emptied first).</summary>
    /// <exception cref="InvalidOperationException">The reply does not fit one datagram; nothing is left in the output.</exception>
    public static void Write<TBody>(ArrayBufferWriter<byte> output, uint requestId, TBody body)
        where TBody : struct, IReplyBody
    {
        ArgumentNullException.ThrowIfNull(output);
        output.ResetWrittenCount();
        var writer = new MessagePackWriter(output) { OldSpec = false };
        ReplyEncoder.WriteHead(ref writer, body.Type, requestId);
        body.Write(ref writer);
        writer.Flush();
        if (output.WrittenCount > ProtocolLimits.MaxDatagramBytes)
        {
            output.ResetWrittenCount();
            throw new InvalidOperationException($"{body.Type} reply does not fit a datagram.");
        }
    }

    /// <summary>Writes the reply envelope of a message record.</summary>
    public static void Write(ArrayBufferWriter<byte> output, uint requestId, Message reply) =>
        Write(output, requestId, new RecordReplyBody(reply));
}
