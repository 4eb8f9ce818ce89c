namespace FileShare.Tracker.Admin;

/// <summary>An admin command that cannot go on: the message for stderr and the exit code (1 refused, 2 usage or I/O).</summary>
internal sealed class UserCommandException : Exception
{
    public UserCommandException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public UserCommandException()
        : this("The command failed.", UserAdministration.ExitUsage)
    {
    }

    public UserCommandException(string message)
        : this(message, UserAdministration.ExitUsage)
    {
    }

    public UserCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = UserAdministration.ExitUsage;
    }

    public int ExitCode { get; }
}
