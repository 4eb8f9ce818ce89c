using FileShare.IntegrationTests.Infrastructure;
using FileShare.Protocol.Messages;

namespace FileShare.IntegrationTests.Tracker;

/// <summary>Command line, credentials file handling and settings of the real tracker process.</summary>
public sealed class TrackerStartupTests
{
    [Fact]
    public async Task MissingCredentialsFileIsAClearErrorWithExitCodeTwo()
    {
        await using var tracker = TrackerProcess.Launch(new TrackerProcessOptions { WriteCredentialsFile = false });

        Assert.Equal(2, await tracker.WaitForExitAsync());

        var error = Assert.Single(tracker.ErrorLines, line => line.Length > 0);
        Assert.Contains("Credentials file not found", error, StringComparison.Ordinal);
        Assert.Contains(tracker.CredentialsPath, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedLinesAreReportedWithLineNumbersAndSkipped()
    {
        await using var tracker = await TrackerProcess.StartAsync(new TrackerProcessOptions
        {
            CredentialsText = "# team accounts\nhans falcon*solo\nthis line is wrong\nmaria wise@!man\n",
        });

        Assert.Equal(2, tracker.UsersLoaded);
        await tracker.WaitForOutputAsync(line => line.Contains("credentials.txt:3: skipped malformed line", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnvironmentVariablesOverrideSettings()
    {
        await using var tracker = await TrackerProcess.StartAsync(new TrackerProcessOptions
        {
            Users = new Dictionary<string, string> { ["hans"] = "falcon*solo" },
            Environment = new Dictionary<string, string>
            {
                ["FILESHARE_Tracker__SessionTimeout"] = "00:00:05",
                ["FILESHARE_Tracker__Name"] = "test tracker",
            },
        });
        await using var client = new UdpTestClient(tracker.EndPoint);

        var session = await client.LoginAsync("hans", "falcon*solo");

        Assert.Equal(5000, session.SessionTimeoutMs);
        Assert.Equal("test tracker", (await client.RequestAsync<DiscoveryAnswer>(new DiscoveryProbe())).TrackerName);
    }

    [Fact]
    public async Task InvalidSettingIsAClearErrorWithExitCodeTwo()
    {
        await using var tracker = TrackerProcess.Launch(new TrackerProcessOptions
        {
            Environment = new Dictionary<string, string> { ["FILESHARE_Tracker__SessionTimeout"] = "-00:00:01" },
        });

        Assert.Equal(2, await tracker.WaitForExitAsync());
        Assert.Contains(tracker.ErrorLines, line => line.Contains("SessionTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CredentialsFileIsReReadWhenItChanges()
    {
        await using var tracker = await TrackerProcess.StartAsync(new TrackerProcessOptions
        {
            Users = new Dictionary<string, string> { ["hans"] = "falcon*solo" },
            Environment = new Dictionary<string, string> { ["FILESHARE_Tracker__CredentialsPollInterval"] = "00:00:00.200" },
        });
        await using var client = new UdpTestClient(tracker.EndPoint);

        await File.AppendAllTextAsync(tracker.CredentialsPath, "newbie fresh#pass\n");
        await tracker.WaitForOutputAsync(line => line.Contains("reloaded 2 users", StringComparison.Ordinal));

        Assert.IsType<AuthSuccessReply>(await client.TryLoginAsync("newbie", "fresh#pass"));
    }

    [Fact]
    public async Task HelpExplainsArgumentsOptionsAndSettings()
    {
        await using var tracker = TrackerProcess.Launch(new TrackerProcessOptions { ExtraArguments = ["--help"] });

        Assert.Equal(0, await tracker.WaitForExitAsync());

        var help = string.Join('\n', tracker.OutputLines);
        foreach (var expected in new[] { "PORT", "--credentials", "--data", "--config", "FILESHARE_Tracker__", "SessionTimeout" })
        {
            Assert.Contains(expected, help, StringComparison.Ordinal);
        }
    }
}
