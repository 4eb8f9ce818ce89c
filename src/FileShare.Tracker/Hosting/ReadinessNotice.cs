using System.Globalization;
using FileShare.Tracker.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace FileShare.Tracker.Hosting;

/// <summary>
/// sd_notify for a service manager that gave us <c>NOTIFY_SOCKET</c>: once the host has started, that is after the
/// UDP socket is bound and listening, <c>STATUS=</c> with the port (shown by <c>systemctl status</c>); and, where the
/// library's own systemd lifetime does not send them (it acts only when systemd itself is the parent process: a
/// container or a test may supervise us too), <c>READY=1</c> with it and <c>STOPPING=1</c> at the stop.
/// </summary>
internal sealed class ReadinessNotice : IHostedService
{
    private readonly ISystemdNotifier _notifier;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly UdpTransport _transport;
    private readonly bool _sendReady;
    private CancellationTokenRegistration _started;
    private CancellationTokenRegistration _stopping;

    public ReadinessNotice(ISystemdNotifier notifier, IHostApplicationLifetime lifetime, UdpTransport transport)
    {
        _notifier = notifier;
        _lifetime = lifetime;
        _transport = transport;
        _sendReady = !SystemdHelpers.IsSystemdService();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_notifier.IsEnabled)
        {
            return Task.CompletedTask;
        }

        _started = _lifetime.ApplicationStarted.Register(() =>
        {
            var status = string.Create(CultureInfo.InvariantCulture, $"STATUS=listening on UDP port {_transport.BoundPort}");
            _notifier.Notify(new ServiceState(_sendReady ? "READY=1\n" + status : status));
        });
        if (_sendReady)
        {
            _stopping = _lifetime.ApplicationStopping.Register(() => _notifier.Notify(ServiceState.Stopping));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started.Dispose();
        _stopping.Dispose();
        return Task.CompletedTask;
    }
}
