namespace FileShare.Peer.Tui;

/// <summary>What a row of the transfers pane is.</summary>
internal enum TransferRowKind
{
    /// <summary>A download.</summary>
    Download,

    /// <summary>An upload to another peer.</summary>
    Upload,

    /// <summary>A publication being hashed.</summary>
    Hashing,
}
