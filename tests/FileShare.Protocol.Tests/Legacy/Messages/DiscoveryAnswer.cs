using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>A tracker's answer to a discovery probe.</summary>
/// <param name="TrackerName">A name for logs and the user.</param>
/// <param name="Port">The tracker's UDP port.</param>
public sealed record DiscoveryAnswer(string TrackerName, int Port) : Message
{
    internal const int FieldCount = 2;

    /// <inheritdoc />
    public override MessageType Type => MessageType.DiscoveryAnswer;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(TrackerName);
        writer.Write(Port);
    }

    internal static DiscoveryAnswer ReadBody(ref MessagePackReader reader) =>
        new(
            reader.ReadString(ProtocolLimits.MaxStringBytes),
            (int)reader.ReadInt64(0, 65535, "Port"));
}
