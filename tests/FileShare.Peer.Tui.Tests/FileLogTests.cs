using FileShare.Peer.Tui.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FileShare.Peer.Tui.Tests;

public sealed class FileLogTests
{
    [Fact]
    public void LogEntriesGoToTheFileUnderTheStateFolder()
    {
        var share = Path.Combine(Path.GetTempPath(), "fileshare-tui-tests", Guid.NewGuid().ToString("N"));
        var path = FileLoggingExtensions.LogPathFor(share);
        Assert.Equal(Path.Combine(share, ".fileshare", "peer.log"), path);
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.AddFileLog(path, LogLevel.Information));
        using (var provider = services.BuildServiceProvider())
        {
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Test.Category");
            logger.LogInformation("hello {Name}", "file");
            logger.LogDebug("too detailed");
        }

        var text = File.ReadAllText(path);
        Assert.Contains("info Test.Category: hello file", text, StringComparison.Ordinal);
        Assert.DoesNotContain("too detailed", text, StringComparison.Ordinal);
        Directory.Delete(share, recursive: true);
    }
}
