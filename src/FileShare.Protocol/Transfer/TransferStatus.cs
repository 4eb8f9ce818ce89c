namespace FileShare.Protocol.Transfer;

/// <summary>The outcome a file server reports in a transfer response header. Values are part of the wire format.</summary>
public enum TransferStatus
{
    /// <summary>The file follows, from the requested offset to its end.</summary>
    Ok = 0,

    /// <summary>The request could not be decoded or broke a rule.</summary>
    BadRequest = 1,

    /// <summary>The name is not a valid file name (separators, <c>..</c>, control characters...).</summary>
    InvalidName = 2,

    /// <summary>This peer does not publish that file, or it no longer exists in the share folder.</summary>
    NotFound = 3,

    /// <summary>The ticket is missing, forged, for another file or requester, or expired.</summary>
    InvalidTicket = 4,

    /// <summary>The file changed since it was published (its hash differs from the ticket's).</summary>
    ContentChanged = 5,

    /// <summary>The offset is beyond the end of the file.</summary>
    InvalidOffset = 6,

    /// <summary>The server is too busy or shutting down; try another publisher.</summary>
    Unavailable = 7,
}
