namespace FileShare.Tracker;

/// <summary>
/// Every tracker setting, bound from the "Tracker" configuration section
/// (config/tracker.json, then FILESHARE_Tracker__NAME environment variables, then the command line).
/// </summary>
internal sealed class TrackerOptions
{
    public const string SectionName = "Tracker";

    /// <summary>UDP port to listen on; 0 picks a free port (the ready line shows the real one).</summary>
    public int Port { get; set; } = 11502;

    /// <summary>Name announced in discovery answers.</summary>
    public string Name { get; set; } = "FileShare tracker";

    /// <summary>The accounts file (relative paths are relative to the working directory).</summary>
    public string CredentialsFile { get; set; } = "credentials.txt";

    /// <summary>Directory for the publication snapshot and journal.</summary>
    public string DataDirectory { get; set; } = "tracker-data";

    /// <summary>How often peers are told to send a heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A peer not heard from for longer than this is inactive.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a download ticket issued by get stays valid.</summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a reply is kept to answer a retransmitted request without executing it again.</summary>
    public TimeSpan ReplyCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most replies kept in the cache; the oldest go first when it is full.</summary>
    public int ReplyCacheCapacity { get; set; } = 200_000;

    /// <summary>
    /// Most bytes of replies kept in the cache; the oldest go first beyond it. Only replies to requests that must
    /// not run twice (pub, unp, ren, auth, reg, pwd, xit) are cached: reads are simply executed again.
    /// </summary>
    public long ReplyCacheMaxBytes { get; set; } = 32L << 20;

    /// <summary>
    /// How long a SCRAM exchange may take between challenge and proof; also how long a registration salt and a
    /// password-change nonce stay valid.
    /// </summary>
    public TimeSpan AuthExchangeLifetime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most SCRAM exchanges (and, separately, registration salts and password-change nonces) pending at once; the oldest are dropped beyond it.</summary>
    public int MaxPendingAuthExchanges { get; set; } = 10_000;

    /// <summary>Whether reg may create accounts (off by default).</summary>
    public bool AllowRegistration { get; set; }

    /// <summary>
    /// The TCP port to serve the metrics on in Prometheus' text format (<c>http://PrometheusHost:PORT/metrics</c>);
    /// 0, the default, serves nothing.
    /// </summary>
    public int PrometheusPort { get; set; }

    /// <summary>The host name the Prometheus endpoint answers to (default: localhost only).</summary>
    public string PrometheusHost { get; set; } = "localhost";

    /// <summary>Most accounts one source address may create within <see cref="RegistrationWindow"/>.</summary>
    public int RegistrationLimit { get; set; } = 5;

    /// <summary>The sliding window of <see cref="RegistrationLimit"/>.</summary>
    public TimeSpan RegistrationWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>PBKDF2 iterations for keys derived from plaintext passwords and for unknown-user challenges.</summary>
    public int ScramIterations { get; set; } = 4096;

    /// <summary>Failed logins per source address or user before delays start.</summary>
    public int ThrottleFreeFailures { get; set; } = 3;

    /// <summary>First delay after the free failures; it doubles with every further failure.</summary>
    public TimeSpan ThrottleBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay; also how long a quiet source needs to be forgiven.</summary>
    public TimeSpan ThrottleMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Journal records after which the state is compacted into a snapshot (at least as many as there are
    /// publications, so compaction stays cheap on average).
    /// </summary>
    public int SnapshotThreshold { get; set; } = 10_000;

    /// <summary>How often expired sessions, exchanges and cached replies are swept.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often garbage collector figures are logged at Debug level (nothing is logged above Debug).</summary>
    public TimeSpan RuntimeStatsInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the credentials file is checked for changes.</summary>
    public TimeSpan CredentialsPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Window for rate-limited logging of bad datagrams.</summary>
    public TimeSpan BadDatagramLogInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bad datagrams logged per window; the rest are counted in one summary line.</summary>
    public int BadDatagramLogLimit { get; set; } = 10;

    /// <summary>
    /// Requests that may wait to run; beyond it a request is answered Busy at once. Large enough to ride out a
    /// garbage collection at full load (4,096 is ~160 ms at 25,000 req/s); heartbeats never wait here.
    /// </summary>
    public int RequestQueueCapacity { get; set; } = 4096;

    /// <summary>
    /// Longest a request may have waited in the queue and still run; one that waited longer is answered Busy
    /// instead, so under overload the requests that are served are served fast.
    /// </summary>
    public TimeSpan MaxQueueDelay { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Threads running queued requests. Reads run side by side, so more than one uses more cores; changes and logins
    /// still run one at a time.
    /// </summary>
    public int RequestWorkers { get; set; } = 2;

    /// <summary>The wait a Busy reply asks for before the request is sent again (clients add jitter).</summary>
    public TimeSpan BusyRetryAfter { get; set; } = TimeSpan.FromMilliseconds(200);
}
