namespace FileShare.Peer.Core.Commands;

/// <summary>Every command the peer understands, in the order help lists them.</summary>
internal static class CommandCatalog
{
    public static IReadOnlyList<CommandInfo> All { get; } =
    [
        new("auth", "<username> <password>", "Log in to the tracker", NeedsLogin: false),
        new("reg", "<username> <password>", "Create an account (if the tracker allows it) and log in", NeedsLogin: false),
        new("pub", "<file>", "Publish a file from the share folder", NeedsLogin: true),
        new("unp", "<file>", "Withdraw one of your publications", NeedsLogin: true),
        new("lpf", "", "List the files you have published", NeedsLogin: true),
        new("lap", "[-a]", "List the other active peers (-a with their addresses)", NeedsLogin: true),
        new("sch", "<text>", "Search files published by other active peers (case-sensitive)", NeedsLogin: true),
        new("get", "[-f] <file>", "Download a file from a peer (-f replaces a differing local file)", NeedsLogin: true),
        new("ren", "<old name> <new name>", "Rename a published file and its publication together", NeedsLogin: true),
        new("rm", "[-y] <file>", "Withdraw a publication and delete the local file (-y confirms)", NeedsLogin: true),
        new("passwd", "<old password> <new password>", "Change your password", NeedsLogin: true),
        new("help", "", "List the commands", NeedsLogin: false),
        new("xit", "", "Log out and exit", NeedsLogin: false),
    ];

    /// <summary>"get, help, lap, ..." sorted, for the welcome and unknown-command lines.</summary>
    public static string NameList => string.Join(", ", All.Select(c => c.Name).Where(n => n is not ("auth" or "reg")).Order(StringComparer.Ordinal));

    public static CommandInfo? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
