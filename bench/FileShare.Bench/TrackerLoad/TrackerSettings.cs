namespace FileShare.Bench.TrackerLoad;

/// <summary>Parameters of the <c>tracker</c> scenario.</summary>
/// <param name="Sessions">Simulated peers logged in and heartbeating every second.</param>
/// <param name="Rate">Target requests per second of the mix (heartbeats come on top).</param>
/// <param name="Mix">Weights of sch, get, lap, lpf and pub.</param>
/// <param name="Duration">Measured window.</param>
/// <param name="Warmup">Load before the window, not measured.</param>
/// <param name="Sockets">UDP sockets the sessions are spread over.</param>
/// <param name="Publications">Publications preloaded (from the session users) before the tracker starts.</param>
/// <param name="Copies">Publishers per name.</param>
/// <param name="IndexMode">The index scenario: report sch and get over a large preloaded index.</param>
/// <param name="LogLevel">The tracker's log level (Information, its default, logs two lines per request).</param>
/// <param name="TrackerCpu">CPUs the tracker runs on (a taskset list), or null for no pinning.</param>
/// <param name="WorkDirectory">Parent of the scratch directory; the system temp directory by default.</param>
/// <param name="Keep">Keep the scratch directory (tracker log, data) after the run.</param>
internal sealed record TrackerSettings(
    int Sessions,
    int Rate,
    RequestMix Mix,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Sockets,
    int Publications,
    int Copies,
    bool IndexMode,
    string LogLevel,
    string? TrackerCpu,
    string? WorkDirectory,
    bool Keep);
