using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>An active peer with the address the tracker sees it at.</summary>
/// <param name="UserName">The user.</param>
/// <param name="Address">The IP address its last login came from.</param>
/// <param name="Port">Its TCP file-server port.</param>
public sealed record PeerEntry(string UserName, string Address, int Port)
{
    internal const int FieldCount = 3;

    internal void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.Write(UserName);
        writer.Write(Address);
        writer.Write(Port);
    }

    internal static PeerEntry Read(ref MessagePackReader reader)
    {
        var extra = reader.ReadRecordHeader(FieldCount, "A peer entry");

        var entry = new PeerEntry(
            reader.ReadString(ProtocolLimits.MaxUserNameBytes),
            reader.ReadString(ProtocolLimits.MaxStringBytes),
            (int)reader.ReadInt64(0, 65535, "Port"));
        reader.SkipValues(extra);

        return entry;
    }
}
