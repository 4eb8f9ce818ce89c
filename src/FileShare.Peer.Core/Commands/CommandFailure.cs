namespace FileShare.Peer.Core.Commands;

/// <summary>Why a command failed, so a UI can react without reading the printed text.</summary>
internal enum CommandFailure
{
    /// <summary>The command succeeded.</summary>
    None,

    /// <summary>Refused here or by the tracker: bad usage, not logged in, not found, a file error.</summary>
    Refused,

    /// <summary>The tracker did not answer any of the retries.</summary>
    TrackerNotResponding,

    /// <summary>The tracker kept answering Busy for longer than the busy retry limit.</summary>
    TrackerBusy,
}
