namespace FileShare.Peer.Core.Transfers;

/// <summary>Which way a transfer goes.</summary>
public enum TransferDirection
{
    /// <summary>This peer fetches a file.</summary>
    Download,

    /// <summary>This peer serves a file.</summary>
    Upload,
}
