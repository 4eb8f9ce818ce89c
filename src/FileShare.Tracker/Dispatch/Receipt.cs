namespace FileShare.Tracker.Dispatch;

/// <summary>What the receive thread does with a datagram after <see cref="TrackerService.OnReceipt(ReadOnlyMemory{byte}, System.Buffers.ArrayBufferWriter{byte}, out Sessions.Session?)"/>.</summary>
internal enum Receipt
{
    /// <summary>Nothing more: a live session's heartbeat.</summary>
    Done,

    /// <summary>Send the reply written on receipt (a heartbeat of an unknown or expired session).</summary>
    Reply,

    /// <summary>Queue it for a request worker.</summary>
    Queue,
}
