using System.Net;
using System.Net.Sockets;
using FileShare.Peer.Core;
using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Hosting;
using FileShare.Peer.Core.Tracker;
using FileShare.Peer.Core.Unattended;
using FileShare.Peer.Plain;
using FileShare.Peer.Tui;
using FileShare.Peer.Tui.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Peer;

/// <summary>Entry point of <c>fileshare-peer</c>.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the peer.</summary>
    public static Task<int> Main(string[] args) =>
        new PeerCommandLine().Build(RunAsync).Parse(args).InvokeAsync();

    private static async Task<int> RunAsync(PeerStartup startup, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
        });
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "config", "peer.json"), optional: true);
        builder.Configuration.AddEnvironmentVariables("FILESHARE_");
        var section = builder.Configuration.GetSection(PeerOptionsValidator.SectionName);

        // Checked before discovery, which already uses DiscoveryTimeout; the host checks the final values again at start.
        var configured = new PeerOptions();
        section.Bind(configured);
        configured.ShareDirectory = startup.ShareDirectory;
        configured.TrackerPort = startup.TrackerPort;
        configured.FileServerPort = startup.FileServerPort;
        if (new PeerOptionsValidator().Validate(null, configured) is { Failed: true } invalid)
        {
            await Console.Error.WriteLineAsync($"Invalid configuration: {invalid.FailureMessage}").ConfigureAwait(false);
            return 2;
        }

        var tracker = await FindTrackerAsync(startup, configured.DiscoveryTimeout, cancellationToken).ConfigureAwait(false);
        if (tracker is null)
        {
            return 2;
        }

        builder.Services.AddOptions<PeerOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PeerOptions>, PeerOptionsValidator>();
        builder.Services.PostConfigure<PeerOptions>(options =>
        {
            options.TrackerHost = startup.TrackerHost;
            options.TrackerPort = tracker.EndPoint.Port;
            options.ShareDirectory = startup.ShareDirectory;
            options.FileServerPort = startup.FileServerPort;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (startup.Serve is not null)
        {
            // Unattended: what it does is the log (the journal, under systemd), at Information.
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        else if (startup.Plain)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        else
        {
            // Nothing else may write to the terminal while the UI owns it.
            builder.Logging.AddFileLog(FileLoggingExtensions.LogPathFor(startup.ShareDirectory));
        }

        builder.Services.AddPeerCore(tracker);

        using var host = builder.Build();
        if (!startup.Plain)
        {
            // The UI starts the host itself, alongside its first frame.
            int exitCode;
            try
            {
                exitCode = await TuiApp.RunAsync(host.Services, tracker, host.StartAsync, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                await Console.Error.WriteLineAsync($"Cannot start the file server on port {startup.FileServerPort}: {ex.Message}").ConfigureAwait(false);
                return 2;
            }

            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            if (exitCode == TuiApp.ShutdownTimedOut)
            {
                // Terminal.Gui's input thread is stuck on the terminal; it would keep the process alive.
                Environment.Exit(exitCode);
            }

            return exitCode;
        }

        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            await Console.Error.WriteLineAsync($"Cannot start the file server on port {startup.FileServerPort}: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        if (startup.Serve is { } serve)
        {
            var unattended = ActivatorUtilities.CreateInstance<UnattendedPeer>(host.Services);
            var code = await unattended.RunAsync(serve, cancellationToken).ConfigureAwait(false);
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return code;
        }

        var processor = host.Services.GetRequiredService<CommandProcessor>();
        var plain = new PlainMode(processor, host.Services.GetRequiredService<TrackerConnection>(), Console.In, Console.Out);
        await plain.RunAsync(cancellationToken).ConfigureAwait(false);
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    private static async Task<TrackerEndpoint?> FindTrackerAsync(PeerStartup startup, TimeSpan discoveryTimeout, CancellationToken cancellationToken)
    {
        if (startup.TrackerHost is { } host)
        {
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
                var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
                if (address is null)
                {
                    await Console.Error.WriteLineAsync($"Cannot resolve tracker host '{host}'.").ConfigureAwait(false);
                    return null;
                }

                return new TrackerEndpoint(new IPEndPoint(address, startup.TrackerPort), $"{host}:{startup.TrackerPort}");
            }
            catch (SocketException ex)
            {
                await Console.Error.WriteLineAsync($"Cannot resolve tracker host '{host}': {ex.Message}").ConfigureAwait(false);
                return null;
            }
        }

        var found = await TrackerDiscovery.DiscoverAsync(startup.TrackerPort, discoveryTimeout, TimeProvider.System, cancellationToken)
            .ConfigureAwait(false);
        if (found is null)
        {
            await Console.Error.WriteLineAsync(
                $"No tracker answered on the LAN (UDP port {startup.TrackerPort}) within {discoveryTimeout.TotalSeconds:0.#} s. " +
                "Pass its address: fileshare-peer <tracker-host> [tracker-port]").ConfigureAwait(false);
            return null;
        }

        await Console.Error.WriteLineAsync($"Found tracker '{found.Name}' at {found.EndPoint} by discovery").ConfigureAwait(false);
        return new TrackerEndpoint(found.EndPoint, $"{found.Name} ({found.EndPoint})");
    }
}
