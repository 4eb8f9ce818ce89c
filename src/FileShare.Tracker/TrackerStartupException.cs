namespace FileShare.Tracker;

/// <summary>A problem that stops the tracker from starting, with the message for stderr and the process exit code.</summary>
internal sealed class TrackerStartupException : Exception
{
    public TrackerStartupException(string message, int exitCode, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public TrackerStartupException()
        : this("The tracker could not start.", 1)
    {
    }

    public TrackerStartupException(string message)
        : this(message, 1)
    {
    }

    public TrackerStartupException(string message, Exception innerException)
        : this(message, 1, innerException)
    {
    }

    /// <summary>2 for a missing credentials file or bad settings, 1 for anything else.</summary>
    public int ExitCode { get; }
}
