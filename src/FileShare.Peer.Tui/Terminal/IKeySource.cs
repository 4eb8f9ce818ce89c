namespace FileShare.Peer.Tui.Terminal;

/// <summary>Where keys come from (the console, or a script in tests).</summary>
internal interface IKeySource
{
    /// <summary>The next key, or null when none came within <paramref name="wait"/>.</summary>
    Task<ConsoleKeyInfo?> ReadKeyAsync(TimeSpan wait, CancellationToken cancellationToken);
}
