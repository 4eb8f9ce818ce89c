using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Keeps the session active. Not answered, except by an error when the session is unknown.</summary>
public sealed record HeartbeatRequest : Message
{
    internal const int FieldCount = 0;

    /// <inheritdoc />
    public override MessageType Type => MessageType.Heartbeat;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE0060", Justification = "Uniform decoder signature.")]
    internal static HeartbeatRequest ReadBody(ref MessagePackReader reader)  => new();
}
