using System.Net;
using FileShare.Peer.Core;
using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileShare.Peer.Tests.Commands;

// These paths are decided before any tracker traffic, so the tracker address is never contacted.
public sealed class CommandProcessorTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private readonly ServiceProvider _services;
    private readonly CommandProcessor _processor;

    public CommandProcessorTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.Configure<PeerOptions>(o => o.ShareDirectory = _temp.Path);
        services.AddPeerCore(new TrackerEndpoint(new IPEndPoint(IPAddress.Loopback, 9), "unused"));
        _services = services.BuildServiceProvider();
        _processor = _services.GetRequiredService<CommandProcessor>();
    }

    [Theory]
    [InlineData("lap")]
    [InlineData("lpf")]
    [InlineData("pub a.txt")]
    [InlineData("unp a.txt")]
    [InlineData("sch a")]
    [InlineData("get a.txt")]
    [InlineData("ren a.txt b.txt")]
    [InlineData("rm -y a.txt")]
    [InlineData("passwd a b")]
    public async Task CommandsBeforeLoginAskToLogIn(string line)
    {
        Assert.Equal(["Please log in first: auth <username> <password>"], await RunAsync(line));
    }

    [Fact]
    public async Task UnknownCommandIsNamedWithTheCommandList()
    {
        var line = Assert.Single(await RunAsync("fly away"));

        Assert.StartsWith("Unknown command 'fly'", line, StringComparison.Ordinal);
        Assert.Contains("get, help, lap, lpf, passwd, pub, ren, rm, sch, unp, xit", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auth", "Usage: auth <username> <password>")]
    [InlineData("auth onlyuser", "Usage: auth <username> <password>")]
    [InlineData("auth a b c", "Usage: auth <username> <password>")]
    public async Task WrongArgumentsShowTheUsage(string line, string expected)
    {
        Assert.Equal([expected], await RunAsync(line));
    }

    [Theory]
    [InlineData("reg bad/name secret", "User name may only use letters, digits, '.', '_' and '-'")]
    [InlineData("reg averyveryveryveryverylongname_over32 secret", "User name is longer than 32 characters")]
    [InlineData("reg okname haséaccent", "Password may only use printable ASCII characters without spaces")]
    [InlineData("reg okname", "Usage: reg <username> <password>")]
    public async Task InvalidRegistrationsAreExplainedBeforeAnyTraffic(string line, string expected)
    {
        Assert.Equal([expected], await RunAsync(line));
    }

    [Fact]
    public async Task EmptyLinePrintsNothing()
    {
        Assert.Empty(await RunAsync("   "));
    }

    [Fact]
    public async Task XitBeforeLoginSaysGoodbyeAndExits()
    {
        var result = await _processor.ExecuteAsync("xit", null, CancellationToken.None);

        Assert.True(result.Exit);
        Assert.Equal("Goodbye!", Assert.Single(result.Lines).Text);
    }

    [Fact]
    public async Task HelpListsEveryCommand()
    {
        var lines = await RunAsync("help");

        foreach (var command in CommandCatalog.All)
        {
            Assert.Contains(lines, l => l.StartsWith(command.Name + " ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("auth hans falcon*solo", "auth hans ********")]
    [InlineData("  auth hans wise@!man", "auth hans ********")]
    [InlineData("reg newbie s3cret!", "reg newbie ********")]
    [InlineData("passwd old new", "passwd ******** ********")]
    [InlineData("pub a.txt", "pub a.txt")]
    public void SecretsAreMaskedForEcho(string line, string expected)
    {
        Assert.Equal(expected, CommandProcessor.MaskSecrets(line));
    }

    private async Task<IReadOnlyList<string>> RunAsync(string line)
    {
        var result = await _processor.ExecuteAsync(line, null, CancellationToken.None);
        return result.Lines.Select(l => l.Text).ToList();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _temp.Dispose();
    }
}
