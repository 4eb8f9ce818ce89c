using System.Net;
using System.Net.Sockets;
using FileShare.IntegrationTests.Infrastructure;

namespace FileShare.IntegrationTests.Hosting;

/// <summary>The optional Prometheus endpoint (off by default) serves the tracker's instruments.</summary>
public sealed class PrometheusEndpointTests
{
    [Fact]
    public async Task MetricsAreScrapedFromThePrometheusEndpointWhenItIsTurnedOn()
    {
        var port = FreeTcpPort();
        await using var tracker = await TrackerProcess.StartAsync(new TrackerProcessOptions
        {
            Users = new Dictionary<string, string> { ["hans"] = "falcon*solo" },
            Environment = new Dictionary<string, string>
            {
                ["FILESHARE_Tracker__PrometheusPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["FILESHARE_Tracker__PrometheusHost"] = "localhost",
            },
        });
        await using (var client = new UdpTestClient(tracker.EndPoint))
        {
            await client.LoginAsync("hans", "falcon*solo");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(new Uri($"http://localhost:{port}/metrics"));

        Assert.Contains("fileshare_tracker_logins", text, StringComparison.Ordinal);
        Assert.Contains("fileshare_tracker_sessions_active", text, StringComparison.Ordinal);
    }

    // HttpListener cannot bind port 0 and say which it got: take a port the kernel just handed out and released.
    private static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
