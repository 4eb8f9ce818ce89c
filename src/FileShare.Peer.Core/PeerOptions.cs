namespace FileShare.Peer.Core;

/// <summary>Settings of a peer, bound from the "Peer" configuration section and the command line.</summary>
public sealed class PeerOptions
{
    /// <summary>The default UDP port of a tracker.</summary>
    public const int DefaultTrackerPort = 11502;

    /// <summary>Tracker host name or address; null means find one by broadcast discovery.</summary>
    public string? TrackerHost { get; set; }

    /// <summary>Tracker UDP port.</summary>
    public int TrackerPort { get; set; } = DefaultTrackerPort;

    /// <summary>The share folder: files to publish live here and downloads land here.</summary>
    public string ShareDirectory { get; set; } = Directory.GetCurrentDirectory();

    /// <summary>TCP port of the file server; 0 picks an ephemeral port.</summary>
    public int FileServerPort { get; set; }

    /// <summary>First wait for a tracker reply before the request is sent again; doubles with each try.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many times a request is sent before the tracker counts as not responding.</summary>
    public int RequestAttempts { get; set; } = 5;

    /// <summary>
    /// How long one request keeps being retried while the tracker answers Busy before it fails with
    /// "Tracker busy; try again later". Busy retries do not count against <see cref="RequestAttempts"/>. Kept below
    /// the tracker's reply-cache lifetime (30 s), so a change whose reply was lost and whose retransmission was
    /// answered Busy still gets the cached reply, never a second run.
    /// </summary>
    public TimeSpan BusyRetryLimit { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long discovery waits for a tracker to answer.</summary>
    public TimeSpan DiscoveryTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A transfer with no byte moving for this long is abandoned (and resumed elsewhere).</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for a publisher's file server to accept a connection.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>On exit, how long in-flight uploads may take to finish before they are cut.</summary>
    public TimeSpan UploadGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most uploads served at once; more connections are refused with "unavailable".</summary>
    public int MaxConcurrentUploads { get; set; } = 64;

    /// <summary>Caps the download rate of each transfer in bytes per second; 0 means no cap.</summary>
    public long MaxDownloadBytesPerSecond { get; set; }

    /// <summary>
    /// Size of the chunks a download receives, writes and hashes (up to eight in flight). 4 MiB: with 1 MiB the
    /// per-chunk handoffs and write latency held a 1 GiB download on loopback to ~700 MB/s, with 4 MiB ~1 GB/s.
    /// </summary>
    public int TransferBufferBytes { get; set; } = 4 << 20;

    /// <summary>
    /// Downloads of at least this many bytes write around the page cache (O_DIRECT) where the system allows it,
    /// which saves a copy of every byte and the kernel's writeback work; 0 always uses the page cache.
    /// </summary>
    public long DirectWriteMinBytes { get; set; } = 16L << 20;
}
