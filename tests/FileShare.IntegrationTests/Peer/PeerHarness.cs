using System.Net;
using FileShare.Peer.Core;
using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FileShare.IntegrationTests.Peer;

/// <summary>An in-process peer (core + command processor) talking to a real tracker over loopback.</summary>
internal sealed class PeerHarness : IAsyncDisposable
{
    /// <summary>The peers' stall timeout here (3 s instead of the default 10 s, so stalls are seen quickly).</summary>
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(3);

    private readonly IHost _host;

    private PeerHarness(IHost host, string shareDirectory)
    {
        _host = host;
        ShareDirectory = shareDirectory;
        Node = host.Services.GetRequiredService<PeerNode>();
        Processor = host.Services.GetRequiredService<CommandProcessor>();
    }

    public string ShareDirectory { get; }

    public PeerNode Node { get; }

    public CommandProcessor Processor { get; }

    public static async Task<PeerHarness> StartAsync(int trackerPort, string shareDirectory, Action<PeerOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.Configure<PeerOptions>(options =>
        {
            options.ShareDirectory = shareDirectory;
            options.TrackerPort = trackerPort;
            options.StallTimeout = StallTimeout;
            options.UploadGracePeriod = TimeSpan.FromSeconds(1);
            configure?.Invoke(options);
        });
        builder.Services.AddPeerCore(new TrackerEndpoint(new IPEndPoint(IPAddress.Loopback, trackerPort), "test tracker"));
        var host = builder.Build();
        await host.StartAsync();
        return new PeerHarness(host, shareDirectory);
    }

    /// <summary>Runs one command line and returns the lines it printed.</summary>
    public async Task<IReadOnlyList<string>> RunAsync(string line)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var result = await Processor.ExecuteAsync(line, null, timeout.Token);
        return result.Lines.Select(l => l.Text).ToList();
    }

    /// <summary>Runs a command and returns its single line of output.</summary>
    public async Task<string> RunSingleAsync(string line)
    {
        var lines = await RunAsync(line);
        return Assert.Single(lines);
    }

    public string PathOf(string name) => Path.Combine(ShareDirectory, name);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            _host.Dispose();
        }
    }
}
