namespace FileShare.Peer.Core.Tracker;

/// <summary>
/// The tracker answered Busy for longer than <see cref="PeerOptions.BusyRetryLimit"/>. A kind of unavailability, so every
/// best-effort caller that tolerates a silent tracker tolerates an overloaded one too.
/// </summary>
public sealed class TrackerBusyException : TrackerUnavailableException
{
    /// <summary>The message the user sees.</summary>
    public const string StandardMessage = "Tracker busy; try again later";

    /// <summary>Creates the exception with the standard message.</summary>
    public TrackerBusyException()
        : base(StandardMessage)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrackerBusyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TrackerBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
