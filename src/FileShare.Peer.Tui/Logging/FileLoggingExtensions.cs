using FileShare.Peer.Core.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FileShare.Peer.Tui.Logging;

/// <summary>Registers the file log the peer writes while the terminal UI is up.</summary>
internal static class FileLoggingExtensions
{
    /// <summary>The log file's name inside the share folder's state folder.</summary>
    public const string LogFileName = "peer.log";

    /// <summary>The log file for a share folder: <c>SHARE/.fileshare/peer.log</c>.</summary>
    public static string LogPathFor(string shareDirectory) =>
        Path.Combine(shareDirectory, ShareFolder.StateFolderName, LogFileName);

    /// <summary>Sends every log entry at or above <paramref name="minimumLevel"/> to <paramref name="path"/>.</summary>
    public static ILoggingBuilder AddFileLog(this ILoggingBuilder builder, string path, LogLevel minimumLevel = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ILoggerProvider>(sp =>
            new FileLoggerProvider(path, minimumLevel, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder;
    }
}
