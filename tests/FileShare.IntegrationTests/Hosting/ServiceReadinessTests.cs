using System.Net;
using System.Net.Sockets;
using System.Text;
using FileShare.IntegrationTests.Infrastructure;
using FileShare.Protocol.Messages;

namespace FileShare.IntegrationTests.Hosting;

/// <summary>
/// sd_notify: a supervisor that hands the tracker NOTIFY_SOCKET is told READY=1 only once the tracker listens, as
/// systemd's Type=notify expects (config/fileshare-tracker.service), and STOPPING=1 when it stops.
/// </summary>
public sealed class ServiceReadinessTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _socketPath = Path.Combine(Path.GetTempPath(), $"fs-notify-{Guid.NewGuid():N}.sock");
    private readonly Socket _notify = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public Task InitializeAsync()
    {
        _notify.Bind(new UnixDomainSocketEndPoint(_socketPath));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _notify.Dispose();
        File.Delete(_socketPath);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ReadyArrivesOnlyOnceTheTrackerListensAndStoppingAtTheStop()
    {
        await using var tracker = TrackerProcess.Launch(new TrackerProcessOptions
        {
            Users = new Dictionary<string, string> { ["hans"] = "falcon*solo" },
            Environment = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = _socketPath },
        });

        var ready = await ReceiveAsync();
        Assert.Contains("READY=1", ready, StringComparison.Ordinal);
        var port = int.Parse(ready[(ready.LastIndexOf(' ') + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);

        // Ready means listening: the very next datagram is answered.
        await using var client = new UdpTestClient(new IPEndPoint(IPAddress.Loopback, port));
        Assert.IsType<DiscoveryAnswer>(await client.RequestAsync(new DiscoveryProbe()));

        var stop = tracker.StopAsync();
        Assert.Contains("STOPPING=1", await ReceiveAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await stop);
    }

    private async Task<string> ReceiveAsync()
    {
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(Patience);
        var received = await _notify.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, received);
    }
}
