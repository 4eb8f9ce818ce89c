using FileShare.IntegrationTests.Infrastructure;
using FileShare.Protocol.Messages;
using FileShare.Tracker.Hosting;
using FileShare.Tracker.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FileShare.IntegrationTests.Tracker;

/// <summary>Publications survive restarts: graceful, kill -9, and an in-process host restart.</summary>
public sealed class TrackerPersistenceTests
{
    private static readonly byte[] Hash = Enumerable.Repeat((byte)9, 32).ToArray();
    private static readonly Dictionary<string, string> Users = new() { ["hans"] = "falcon*solo", ["maria"] = "wise@!man" };

    [Fact]
    public async Task KillDashNineKeepsEveryAcknowledgedPublication()
    {
        await using var tracker = await TrackerProcess.StartAsync(new TrackerProcessOptions { Users = Users });
        await using (var client = new UdpTestClient(tracker.EndPoint))
        {
            await client.LoginAsync("hans", "falcon*solo");
            for (var i = 0; i < 20; i++)
            {
                await client.RequestAsync<OkReply>(new PublishRequest($"file-{i:D2}", i, Hash));
            }

            await client.RequestAsync<OkReply>(new UnpublishRequest("file-05"));
        }

        await tracker.KillAsync();
        await tracker.RestartAsync();

        await using var again = new UdpTestClient(tracker.EndPoint);
        await again.LoginAsync("hans", "falcon*solo");
        var names = await ReadAllAsync(again);
        Assert.Equal(Enumerable.Range(0, 20).Where(i => i != 5).Select(i => $"file-{i:D2}"), names);
    }

    [Fact]
    public async Task GracefulStopFlushesAndTheRestartKeepsPublications()
    {
        await using var tracker = await TrackerProcess.StartAsync(new TrackerProcessOptions { Users = Users });
        await using (var client = new UdpTestClient(tracker.EndPoint))
        {
            await client.LoginAsync("maria", "wise@!man");
            await client.RequestAsync<OkReply>(new PublishRequest("kept.txt", 1, Hash));
        }

        Assert.Equal(0, await tracker.StopAsync());
        Assert.Contains(tracker.OutputLines, line => line.Contains("stopped; journal flushed", StringComparison.Ordinal));
        await tracker.RestartAsync();

        await using var again = new UdpTestClient(tracker.EndPoint);
        await again.LoginAsync("maria", "wise@!man");
        Assert.Equal(["kept.txt"], await ReadAllAsync(again));
    }

    [Fact]
    public async Task InProcessRestartOnTheSameDataDirectoryKeepsPublications()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fs-tracker-it-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var credentials = Path.Combine(directory, "credentials.txt");
            await File.WriteAllTextAsync(credentials, "hans falcon*solo\nmaria wise@!man\n");
            var settings = new TrackerLaunchSettings
            {
                Port = 0,
                CredentialsFile = credentials,
                DataDirectory = Path.Combine(directory, "data"),
                ReadEnvironment = false,
                ConfigFile = null,
                ConfigurationOverrides = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
            };

            await RunHostAsync(settings, async port =>
            {
                await using var client = new UdpTestClient(port);
                await client.LoginAsync("hans", "falcon*solo");
                await client.RequestAsync<OkReply>(new PublishRequest("in-process.bin", 42, Hash));
            });

            await RunHostAsync(settings, async port =>
            {
                await using var hans = new UdpTestClient(port);
                await using var maria = new UdpTestClient(port);
                await hans.LoginAsync("hans", "falcon*solo");
                await maria.LoginAsync("maria", "wise@!man");
                Assert.Equal(["in-process.bin"], await ReadAllAsync(hans));
                var candidate = Assert.Single((await maria.RequestAsync<FileCandidatesReply>(new GetFileRequest("in-process.bin", null))).Candidates);
                Assert.Equal(("hans", 42L), (candidate.UserName, candidate.Size));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task RunHostAsync(TrackerLaunchSettings settings, Func<int, Task> body)
    {
        using var host = TrackerHost.Build(settings);
        await host.StartAsync();
        try
        {
            var port = await host.Services.GetRequiredService<UdpTransport>().Ready;
            await body(port);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<List<string>> ReadAllAsync(UdpTestClient client)
    {
        var names = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await client.RequestAsync<NameListReply>(new ListMyFilesRequest(after));
            names.AddRange(page.Names);
            if (!page.More)
            {
                return names;
            }

            after = page.Names[^1];
        }
    }
}
