using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>
/// The parts of a reply envelope for a writer that frames replies itself (the tracker): the head
/// <c>[magic, version, type, requestId, nil]</c> of PROTOCOL.md §4 and a body. Head then body is exactly what
/// <see cref="MessageCodec.Encode(Envelope, System.Buffers.IBufferWriter{byte})"/> writes for an envelope without a
/// session token (tests compare the two), so a body can also come straight from a <see cref="ReplyPageWriter"/>.
/// </summary>
public static class ReplyEncoder
{
    /// <summary>Writes the head of a reply envelope; the body of <paramref name="type"/> must follow.</summary>
    public static void WriteHead(ref MessagePackWriter writer, MessageType type, uint requestId)
    {
        writer.WriteArrayHeader(MessageCodec.EnvelopeFieldCount);
        writer.Write(MessageCodec.Magic);
        writer.Write(MessageCodec.Version);
        writer.Write((int)type);
        writer.Write(requestId);
        writer.WriteNil();
    }

    /// <summary>Writes <paramref name="message"/> as an envelope body, through its record formatter.</summary>
    /// <exception cref="ArgumentException">A string of the message holds an unpaired surrogate.</exception>
    public static void WriteBody(ref MessagePackWriter writer, Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        BodyRegistry.Of(message.GetType()).Write(ref writer, message, MessageCodec.Options);
    }
}
