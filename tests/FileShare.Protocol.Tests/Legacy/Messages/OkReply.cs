using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Generic success.</summary>
public sealed record OkReply : Message
{
    internal const int FieldCount = 0;

    /// <inheritdoc />
    public override MessageType Type => MessageType.Ok;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE0060", Justification = "Uniform decoder signature.")]
    internal static OkReply ReadBody(ref MessagePackReader reader)  => new();
}
