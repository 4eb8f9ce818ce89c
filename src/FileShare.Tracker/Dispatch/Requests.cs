using FileShare.Protocol.Messages;

namespace FileShare.Tracker.Dispatch;

/// <summary>The one table of the requests a tracker serves, a row per message type; anything else is not a request.</summary>
internal static class Requests
{
    private static readonly RequestInfo?[] ByType = Build(
    [
        new(MessageType.DiscoveryProbe, "DSC", IsRead: true, Unsigned: true),
        new(MessageType.AuthStart, "AUTH", Unsigned: true),
        new(MessageType.AuthProof, "AUTH", Unsigned: true),
        new(MessageType.Heartbeat, "HBT", IsRead: true),
        new(MessageType.Leave, "XIT"),
        new(MessageType.Publish, "PUB", IsChange: true),
        new(MessageType.Unpublish, "UNP", IsChange: true),
        new(MessageType.ListMyFiles, "LPF", IsRead: true),
        new(MessageType.ListActivePeers, "LAP", IsRead: true),
        new(MessageType.ListPeerAddresses, "LAP", IsRead: true),
        new(MessageType.Search, "SCH", IsRead: true),
        new(MessageType.GetFile, "GET", IsRead: true),
        new(MessageType.Rename, "REN", IsChange: true),
        new(MessageType.RegisterStart, "REG", Unsigned: true),
        new(MessageType.RegisterFinish, "REG", Unsigned: true),
        new(MessageType.ChangePasswordStart, "PWD"),
        new(MessageType.ChangePasswordFinish, "PWD"),
    ]);

    /// <summary>The row of a request type, or null for a type that is not a request.</summary>
    public static RequestInfo? Of(MessageType type) => (uint)type < (uint)ByType.Length ? ByType[(int)type] : null;

    /// <summary>The classic command name of a type, for the log.</summary>
    public static string CommandName(MessageType type) => Of(type)?.Command ?? type.ToString().ToUpperInvariant();

    private static RequestInfo?[] Build(RequestInfo[] rows)
    {
        var table = new RequestInfo?[256];
        foreach (var row in rows)
        {
            table[(int)row.Type] = row;
        }

        return table;
    }
}
