namespace FileShare.Protocol.Messages;

/// <summary>Machine-readable reasons carried by <see cref="ErrorReply"/>. Values are part of the wire format.</summary>
public enum ErrorCode
{
    /// <summary>No error code was given.</summary>
    None = 0,

    /// <summary>The request could not be decoded, or a field broke a protocol rule.</summary>
    BadRequest = 1,

    /// <summary>The envelope names a protocol version this side does not speak.</summary>
    UnsupportedVersion = 2,

    /// <summary>The message type id is not known, or is not a request.</summary>
    UnknownMessageType = 3,

    /// <summary>The session token is missing, unknown or expired: log in again.</summary>
    NotAuthenticated = 4,

    /// <summary>Login refused: unknown user, wrong password, or the user is already active.</summary>
    AuthenticationFailed = 5,

    /// <summary>Too many failures from this address or for this user; retry later.</summary>
    Throttled = 6,

    /// <summary>No active publisher has the requested file.</summary>
    NotFound = 7,

    /// <summary>The user has not published that name.</summary>
    NotPublished = 8,

    /// <summary>A file name or user name breaks the naming rules.</summary>
    InvalidName = 9,

    /// <summary>The target name is already taken (user name on registration, file name on rename).</summary>
    AlreadyExists = 10,

    /// <summary>This tracker does not allow registration.</summary>
    RegistrationDisabled = 11,

    /// <summary>A password (or the keys derived from it) is not acceptable.</summary>
    InvalidPassword = 12,

    /// <summary>The tracker failed while handling the request; nothing was changed.</summary>
    Internal = 13,

    /// <summary>
    /// The tracker is over its capacity and did not run the request: send it again (same request id) after
    /// <see cref="ErrorReply.RetryAfterMs"/>, with jitter. Nothing was changed.
    /// </summary>
    Busy = 14,
}
