namespace FileShare.Bench.TrackerLoad;

/// <summary>What a load-generator request is, for per-kind statistics.</summary>
internal enum RequestKind
{
    Search,
    Get,
    ListPeers,
    ListMine,
    Publish,

    /// <summary>Login and verification calls, not part of the measured mix.</summary>
    Control,
}
