using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>
/// The parts of a reply envelope for a writer that frames replies itself (the tracker): the head
/// <c>[magic, 1, type, requestId, nil]</c> of PROTOCOL.md §4 (or a signed envelope's, <see cref="WriteSignedHead"/>) and a body. Head then body is exactly what
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

    /// <summary>
    /// Writes the head of a signed reply envelope (PROTOCOL.md §4): <c>[magic, 2, type, requestId, token, counter</c>;
    /// the body, then the MAC element (<c>c4 10</c> and the 16 bytes over everything before them) must follow.
    /// </summary>
    public static void WriteSignedHead(ref MessagePackWriter writer, MessageType type, uint requestId, ReadOnlySpan<byte> token, long counter)
    {
        writer.WriteArrayHeader(MessageCodec.SignedEnvelopeFieldCount);
        writer.Write(MessageCodec.Magic);
        writer.Write(MessageCodec.SignedVersion);
        writer.Write((int)type);
        writer.Write(requestId);
        writer.Write(token);
        writer.Write(counter);
    }

    /// <summary>Writes <paramref name="message"/> as an envelope body, through its record formatter.</summary>
    /// <exception cref="ArgumentException">A string of the message holds an unpaired surrogate.</exception>
    public static void WriteBody(ref MessagePackWriter writer, Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        BodyRegistry.Of(message.GetType()).Write(ref writer, message, MessageCodec.Options);
    }
}
