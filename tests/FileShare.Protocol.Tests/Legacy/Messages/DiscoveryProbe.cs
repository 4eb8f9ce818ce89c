using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>Broadcast by a peer looking for a tracker on the LAN.</summary>
public sealed record DiscoveryProbe : Message
{
    internal const int FieldCount = 0;

    /// <inheritdoc />
    public override MessageType Type => MessageType.DiscoveryProbe;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE0060", Justification = "Uniform decoder signature.")]
    internal static DiscoveryProbe ReadBody(ref MessagePackReader reader)  => new();
}
