using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>
/// A control message. Each concrete record writes its fields, in order, as one MessagePack array
/// (the body); <see cref="MessageCodec"/> wraps it in the envelope.
/// </summary>
public abstract record Message
{
    /// <summary>The wire type id of this message.</summary>
    public abstract MessageType Type { get; }

    /// <summary>Writes the body array.</summary>
    internal abstract void WriteBody(ref MessagePackWriter writer);
}
