namespace FileShare.Peer.Core.Unattended;

/// <summary>What <c>fileshare-peer --serve</c> runs with.</summary>
/// <param name="UserName">The account to log in as.</param>
/// <param name="Password">The password, read from a file or the environment, never from the command line.</param>
/// <param name="ShareAll">Keep every file of the share folder published (<c>--share-all</c>).</param>
internal sealed record UnattendedSettings(string UserName, string Password, bool ShareAll)
{
    /// <summary>How long a file must keep its size and time before it is published, so half-copied files are not.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    /// <summary>How often the share folder is rescanned, whatever the file-system watcher said.</summary>
    public static readonly TimeSpan RescanInterval = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between login attempts while the tracker is away.</summary>
    public static readonly TimeSpan MaxLoginBackoff = TimeSpan.FromSeconds(10);

    /// <inheritdoc/>
    public override string ToString() => $"UnattendedSettings {{ UserName = {UserName}, ShareAll = {ShareAll} }}"; // never the password
}
