namespace FileShare.Tracker.Hosting;

/// <summary>What the command line (or a test) asks for; null means "not given", so config and env apply.</summary>
internal sealed record TrackerLaunchSettings
{
    /// <summary>Settings file used when <see cref="ConfigFile"/> is not given (only if it exists).</summary>
    public const string DefaultConfigFile = "config/tracker.json";

    public int? Port { get; init; }

    public string? CredentialsFile { get; init; }

    public string? DataDirectory { get; init; }

    /// <summary>An explicit settings file, which must exist.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Whether FILESHARE_* environment variables are read (tests turn it off to stay hermetic).</summary>
    public bool ReadEnvironment { get; init; } = true;

    /// <summary>Extra configuration keys ("Tracker:SessionTimeout"), applied last.</summary>
    public IReadOnlyDictionary<string, string?>? ConfigurationOverrides { get; init; }

    /// <summary>The clock; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
