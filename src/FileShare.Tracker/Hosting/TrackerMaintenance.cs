using FileShare.Tracker.Accounts;
using FileShare.Tracker.Dispatch;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Hosting;

/// <summary>Timers (from the injected <see cref="TimeProvider"/>) for the session sweep and the credentials file check.</summary>
internal sealed partial class TrackerMaintenance : IHostedService, IDisposable
{
    private readonly TrackerService _service;
    private readonly CredentialStore _credentials;
    private readonly TimeProvider _time;
    private readonly TrackerOptions _options;
    private readonly ILogger<TrackerMaintenance> _logger;
    private ITimer? _sweepTimer;
    private ITimer? _credentialsTimer;
    private ITimer? _statsTimer;
    private readonly RuntimeStats _stats = new();

    public TrackerMaintenance(
        TrackerService service, CredentialStore credentials, TimeProvider time, IOptions<TrackerOptions> options, ILogger<TrackerMaintenance> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _service = service;
        _credentials = credentials;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sweepTimer = _time.CreateTimer(_ => Run(Sweep), null, _options.SweepInterval, _options.SweepInterval);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _statsTimer = _time.CreateTimer(_ => Run(LogStats), null, _options.RuntimeStatsInterval, _options.RuntimeStatsInterval);
        }

        _credentialsTimer = _time.CreateTimer(
            _ => Run(() => _credentials.ReloadIfChanged()), null, _options.CredentialsPollInterval, _options.CredentialsPollInterval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _sweepTimer?.Dispose();
        _credentialsTimer?.Dispose();
        _statsTimer?.Dispose();
        _sweepTimer = null;
        _credentialsTimer = null;
        _statsTimer = null;
    }

    private void Sweep()
    {
        _service.RunMaintenance();
        if (_statsTimer is not null)
        {
            _stats.Sample(); // only when the figures are logged at all
        }
    }

    private void LogStats()
    {
        _stats.Sample();
        LogRuntimeStats(
            _logger,
            GC.GetTotalPauseDuration().TotalMilliseconds,
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            _stats.LongestPause.TotalMilliseconds,
            GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes >> 20);
    }

    private void Run(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            LogMaintenanceFailed(_logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Runtime: GC paused {PauseMs:0.0} ms in {Collections} collections since start ({Gen1} gen1, {Gen2} gen2), longest seen {LongestMs:0.0} ms, heap {HeapMiB} MiB")]
    private static partial void LogRuntimeStats(ILogger logger, double pauseMs, int collections, int gen1, int gen2, double longestMs, long heapMiB);

    [LoggerMessage(Level = LogLevel.Error, Message = "Maintenance task failed; it runs again at the next tick")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception);
}
