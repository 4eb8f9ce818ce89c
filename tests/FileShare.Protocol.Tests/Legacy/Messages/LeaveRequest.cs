using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Ends the session at once (xit).</summary>
public sealed record LeaveRequest : Message
{
    internal const int FieldCount = 0;

    /// <inheritdoc />
    public override MessageType Type => MessageType.Leave;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE0060", Justification = "Uniform decoder signature.")]
    internal static LeaveRequest ReadBody(ref MessagePackReader reader)  => new();
}
