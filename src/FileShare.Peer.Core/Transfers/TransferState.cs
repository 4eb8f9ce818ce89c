namespace FileShare.Peer.Core.Transfers;

/// <summary>Where a transfer stands, as the UI shows it.</summary>
public enum TransferState
{
    /// <summary>Hashing the local file.</summary>
    Hashing,

    /// <summary>Asking the tracker or connecting to a publisher.</summary>
    Connecting,

    /// <summary>Bytes are moving.</summary>
    Transferring,

    /// <summary>Checking the hash and moving the file into place.</summary>
    Verifying,

    /// <summary>Resuming from another publisher after a failure.</summary>
    Resuming,

    /// <summary>Finished successfully.</summary>
    Done,

    /// <summary>Failed; see the detail.</summary>
    Failed,
}
