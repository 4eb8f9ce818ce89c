using FileShare.Protocol.Messages;

namespace FileShare.Protocol;

/// <summary>
/// The single exception type every decoder in this library throws for input it rejects:
/// truncated, oversized, too deep, of the wrong type, or otherwise not valid FileShare protocol.
/// </summary>
public sealed class ProtocolException : Exception
{
    /// <summary>Creates an exception with a reason a person can read.</summary>
    public ProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a reason and the exception that caused it.</summary>
    public ProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with a generic reason.</summary>
    public ProtocolException()
        : base("Invalid protocol data.")
    {
    }

    /// <summary>The error code a receiver should answer with, when it answers at all.</summary>
    public ErrorCode Code { get; init; } = ErrorCode.BadRequest;

    /// <summary>The request id of the rejected message, when the envelope got far enough to carry one.</summary>
    public uint? RequestId { get; init; }

    /// <summary>
    /// True when the value at fault had been read when the error was found (a range, a length, UTF-8), false when
    /// its first byte was refused; it tells a record reader which of its fields the error is about.
    /// </summary>
    internal bool AfterValue { get; init; }
}
