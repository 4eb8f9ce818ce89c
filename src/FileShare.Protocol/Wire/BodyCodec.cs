using FileShare.Protocol.Messages;
using MessagePack;

namespace FileShare.Protocol.Wire;

/// <summary>Writes and reads the body of one message type, through the resolver's strict formatter.</summary>
internal abstract class BodyCodec(MessageType type)
{
    public MessageType Type { get; } = type;

    public abstract void Write(ref MessagePackWriter writer, Message message, MessagePackSerializerOptions options);

    public abstract Message Read(ref MessagePackReader reader, MessagePackSerializerOptions options);

    /// <summary>Has the library generate this body's formatter now rather than at its first datagram.</summary>
    public abstract void Prepare(MessagePackSerializerOptions options);
}
