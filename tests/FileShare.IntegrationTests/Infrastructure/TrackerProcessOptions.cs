namespace FileShare.IntegrationTests.Infrastructure;

/// <summary>How <see cref="TrackerProcess"/> starts the tracker.</summary>
internal sealed record TrackerProcessOptions
{
    /// <summary>Accounts written to credentials.txt as plaintext lines (ignored when <see cref="CredentialsText"/> is set).</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();

    /// <summary>Exact content of credentials.txt, for tests of the file format.</summary>
    public string? CredentialsText { get; init; }

    /// <summary>False to start without a credentials file (the tracker must exit with code 2).</summary>
    public bool WriteCredentialsFile { get; init; } = true;

    /// <summary>UDP port to ask for; 0 (the default) lets the system pick one, read back from the ready line.</summary>
    public int Port { get; init; }

    /// <summary>Environment variables for the tracker, e.g. FILESHARE_Tracker__SessionTimeout=00:00:01.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Arguments appended after PORT, --credentials and --data.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>An existing directory to run in (to reuse credentials and data); a new temp directory when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>How long <see cref="TrackerProcess.StartAsync"/> waits for the ready line.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
