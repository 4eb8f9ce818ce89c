namespace FileShare.Peer.Core.Commands;

/// <summary>How a line of command output should be shown.</summary>
public enum OutputKind
{
    /// <summary>Ordinary result text.</summary>
    Normal,

    /// <summary>A failure or refusal (red in the UI).</summary>
    Error,
}
