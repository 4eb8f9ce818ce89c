using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FileShare.Peer.Core.Tracker;

/// <summary>Sends a heartbeat at the interval the tracker asked for, while logged in.</summary>
internal sealed partial class HeartbeatService : BackgroundService
{
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(1);
    private readonly TrackerSession _session;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public HeartbeatService(TrackerSession session, TimeProvider time, ILogger<HeartbeatService> logger)
    {
        _session = session;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var interval = _session.Current?.HeartbeatInterval ?? IdleCheck;
            try
            {
                await Task.Delay(interval, _time, stoppingToken).ConfigureAwait(false);
                await _session.SendHeartbeatAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex)
            {
                LogHeartbeatFailed(ex.SocketErrorCode);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Heartbeat not sent: {Error}")]
    private partial void LogHeartbeatFailed(SocketError error);
}
