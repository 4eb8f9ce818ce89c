using FileShare.Protocol.Messages;
using MessagePack;

namespace FileShare.Protocol.Wire;

/// <summary>The <see cref="BodyCodec"/> of the record type <typeparamref name="T"/>.</summary>
internal sealed class BodyCodec<T>(MessageType type) : BodyCodec(type)
    where T : Message
{
    public override void Write(ref MessagePackWriter writer, Message message, MessagePackSerializerOptions options) =>
        options.Resolver.GetFormatterWithVerify<T>().Serialize(ref writer, (T)message, options);

    public override void Prepare(MessagePackSerializerOptions options) =>
        _ = options.Resolver.GetFormatterWithVerify<T>();

    public override Message Read(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        options.Resolver.GetFormatterWithVerify<T>().Deserialize(ref reader, options);
}
