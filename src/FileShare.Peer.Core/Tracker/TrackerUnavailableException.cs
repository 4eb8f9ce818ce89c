namespace FileShare.Peer.Core.Tracker;

/// <summary>The tracker did not answer within the retry budget (or, as <see cref="TrackerBusyException"/>, kept refusing for load).</summary>
public class TrackerUnavailableException : Exception
{
    /// <summary>Creates the exception with the standard message.</summary>
    public TrackerUnavailableException()
        : base("Tracker not responding")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrackerUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TrackerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
