using System.Runtime;
using FileShare.Protocol.Messages;
using FileShare.Tracker.Accounts;
using FileShare.Tracker.Dispatch;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Hosting;

/// <summary>
/// Registered first, so it starts before the socket and stops after it: loads accounts and durable state at
/// start, compacts and closes the journal at stop.
/// </summary>
internal sealed partial class TrackerLifecycle : IHostedService
{
    private readonly CredentialStore _credentials;
    private readonly TrackerService _service;
    private readonly TrackerOptions _options;
    private readonly ILogger<TrackerLifecycle> _logger;
    private bool _prepared;

    public TrackerLifecycle(CredentialStore credentials, TrackerService service, IOptions<TrackerOptions> options, ILogger<TrackerLifecycle> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _credentials = credentials;
        _service = service;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Loads accounts and durable state, once. Throws <see cref="TrackerStartupException"/> when that fails.</summary>
    public void Prepare()
    {
        if (_prepared)
        {
            return;
        }

        LogStarting(_logger, Path.GetFullPath(_options.CredentialsFile), Path.GetFullPath(_options.DataDirectory));

        // Blocking collections while the state loads: background ones let the heap grow on while they mark, and
        // left the load's peak RSS at 420-520 MiB for 1,000,000 publications (365-375 MiB with this).
        GCSettings.LatencyMode = GCLatencyMode.Batch;

        // The codec's formatters are generated on the other core while the state loads, not after it.
        var codec = Task.Run(MessageCodec.Prepare);
        _credentials.Load();
        _service.Open();
        codec.GetAwaiter().GetResult();
        SettleHeap();
        _prepared = true;
    }

    /// <summary>
    /// The index just loaded lives as long as the process. Compacting it into the oldest generation now, before the
    /// socket opens, spares the collections during serving from tracing and moving it: with 1,000,000 publications
    /// they otherwise paused the tracker for 140-300 ms, several times a minute. Sustained low latency then keeps
    /// full collections in the background while requests are served.
    /// </summary>
    private static void SettleHeap()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Prepare();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        LogStopping(_logger);
        _service.Shutdown();
        LogStopped(_logger);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "FileShare tracker starting (credentials {Credentials}, data {Data})")]
    private static partial void LogStarting(ILogger logger, string credentials, string data);

    [LoggerMessage(Level = LogLevel.Information, Message = "FileShare tracker shutting down")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "FileShare tracker stopped; journal flushed")]
    private static partial void LogStopped(ILogger logger);
}
