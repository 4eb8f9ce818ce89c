using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Asks to change the sender's password.</summary>
public sealed record ChangePasswordStartRequest : Message
{
    internal const int FieldCount = 0;

    /// <inheritdoc />
    public override MessageType Type => MessageType.ChangePasswordStart;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE0060", Justification = "Uniform decoder signature.")]
    internal static ChangePasswordStartRequest ReadBody(ref MessagePackReader reader)  => new();
}
