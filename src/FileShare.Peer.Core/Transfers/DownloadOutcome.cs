namespace FileShare.Peer.Core.Transfers;

/// <summary>How a <c>get</c> ended.</summary>
public enum DownloadOutcome
{
    /// <summary>Downloaded and verified, now under its final name.</summary>
    Downloaded,

    /// <summary>The local file already has the published content; nothing was transferred.</summary>
    AlreadyPresent,

    /// <summary>No active publisher has it.</summary>
    NotFound,

    /// <summary>A local file of that name has other content and no force was given.</summary>
    LocalFileDiffers,

    /// <summary>The name is not valid.</summary>
    InvalidName,

    /// <summary>The same file is already being downloaded.</summary>
    AlreadyDownloading,

    /// <summary>Every source failed; see the reason.</summary>
    Failed,
}
