using FileShare.Protocol.Messages;

namespace FileShare.Peer.Core.Tracker;

/// <summary>The tracker answered a request with an error reply.</summary>
public sealed class TrackerErrorException : Exception
{
    /// <summary>Creates the exception from the tracker's code and text.</summary>
    public TrackerErrorException(ErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrackerErrorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TrackerErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public TrackerErrorException()
    {
    }

    /// <summary>The tracker's error code.</summary>
    public ErrorCode Code { get; }
}
