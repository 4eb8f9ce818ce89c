using System.Diagnostics.Metrics;
using System.Globalization;
using FileShare.Tracker.Accounts;
using FileShare.Tracker.Authentication;
using FileShare.Tracker.Diagnostics;
using FileShare.Tracker.Dispatch;
using FileShare.Tracker.Logging;
using FileShare.Tracker.Persistence;
using FileShare.Tracker.Publications;
using FileShare.Tracker.Sessions;
using FileShare.Tracker.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace FileShare.Tracker.Hosting;

/// <summary>Builds and runs the tracker's Generic Host. Tests use <see cref="Build"/> to run a tracker in-process.</summary>
internal static class TrackerHost
{
    /// <summary>Prefix of environment variables that override settings, e.g. FILESHARE_Tracker__SessionTimeout=00:00:05.</summary>
    public const string EnvironmentPrefix = "FILESHARE_";

    /// <summary>Builds the host: settings from the config file, then FILESHARE_ env vars, then the command line.</summary>
    /// <exception cref="TrackerStartupException">An explicit config file does not exist or cannot be read.</exception>
    public static IHost Build(TrackerLaunchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        AddConfiguration(builder.Configuration, settings);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        // Under systemd: journald's format (priority prefixes, one line per entry), SIGTERM as the stop signal and
        // READY=1 once started. Elsewhere the tracker's own console format.
        var underSystemd = SystemdHelpers.IsSystemdService();
        builder.Services.AddSystemd();
        builder.Logging.AddConsole(options => options.FormatterName = underSystemd ? ConsoleFormatterNames.Systemd : TrackerConsoleFormatter.FormatterName);
        builder.Logging.AddConsoleFormatter<TrackerConsoleFormatter, ConsoleFormatterOptions>();

        var services = builder.Services;
        services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(15));
        services.AddOptions<TrackerOptions>().Bind(builder.Configuration.GetSection(TrackerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrackerOptions>, TrackerOptionsValidator>();
        services.AddSingleton(settings.TimeProvider ?? TimeProvider.System);
        services.AddSingleton<CredentialStore>();
        services.AddSingleton<ScramAuthenticator>();
        services.AddSingleton<Registrar>();
        services.AddSingleton<PasswordChanger>();
        services.AddSingleton<ReceiveHealth>();
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<PublicationIndex>();
        services.AddSingleton<PublicationJournal>();
        services.AddSingleton<BadDatagramLog>();
        services.AddMetrics();
        services.AddSingleton(provider =>
        {
            // The gauges read state other services keep, resolved when a listener first collects (no cycle at start).
            var metrics = new TrackerMetrics(provider.GetRequiredService<IMeterFactory>());
            metrics.Observe(
                () => provider.GetRequiredService<SessionRegistry>().Count,
                () => provider.GetRequiredService<PublicationIndex>().Count,
                () => provider.GetRequiredService<UdpTransport>().BusyReplies,
                () => provider.GetRequiredService<UdpTransport>().DroppedDatagrams);
            return metrics;
        });
        services.AddSingleton<TrackerService>();
        var tracker = builder.Configuration.GetSection(TrackerOptions.SectionName);
        if (int.TryParse(tracker[nameof(TrackerOptions.PrometheusPort)], CultureInfo.InvariantCulture, out var prometheusPort) && prometheusPort > 0)
        {
            // Off by default: an HTTP listener is an open port, for those who scrape it on purpose.
            var host = tracker[nameof(TrackerOptions.PrometheusHost)] is { Length: > 0 } named ? named : "localhost";
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(TrackerMetrics.MeterName)
                .AddPrometheusHttpListener(listener =>
                {
                    listener.Host = host;
                    listener.Port = prometheusPort;
                }));
        }

        services.AddSingleton<UdpTransport>();

        // Order matters: state is loaded before the socket opens, and saved after it closes.
        services.AddSingleton<TrackerLifecycle>();
        services.AddHostedService(provider => provider.GetRequiredService<TrackerLifecycle>());
        services.AddHostedService(provider => provider.GetRequiredService<UdpTransport>());
        services.AddHostedService<TrackerMaintenance>();
        services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>(); // AddSystemd registers it only under systemd itself
        services.AddHostedService<ReadinessNotice>(); // last: it speaks once everything above has started
        return builder.Build();
    }

    /// <summary>Runs the tracker until Ctrl+C or SIGTERM. Returns the process exit code.</summary>
    public static async Task<int> RunAsync(TrackerLaunchSettings settings, CancellationToken cancellationToken)
    {
        IHost host;
        try
        {
            host = Build(settings);
        }
        catch (TrackerStartupException ex)
        {
            return Fail(ex.Message, ex.ExitCode);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            return Fail($"Cannot read the settings: {ex.Message}", 2);
        }

        using (host)
        {
            try
            {
                // Check what can fail before the host starts, so the user gets one clear line instead of a stack trace.
                _ = host.Services.GetRequiredService<IOptions<TrackerOptions>>().Value;
                host.Services.GetRequiredService<TrackerLifecycle>().Prepare();
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (TrackerStartupException ex)
            {
                return Fail(ex.Message, ex.ExitCode);
            }
            catch (OptionsValidationException ex)
            {
                return Fail("Invalid settings: " + string.Join(" ", ex.Failures), 2);
            }
            catch (InvalidOperationException ex) when (ex.InnerException is FormatException or ArgumentException)
            {
                return Fail($"Invalid settings: {ex.Message} {ex.InnerException.Message}", 2);
            }

            await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
    }

    private static void AddConfiguration(IConfigurationBuilder configuration, TrackerLaunchSettings settings)
    {
        var configFile = Path.GetFullPath(settings.ConfigFile ?? TrackerLaunchSettings.DefaultConfigFile);
        if (File.Exists(configFile))
        {
            configuration.AddJsonFile(configFile, optional: false, reloadOnChange: false);
        }
        else if (settings.ConfigFile is not null)
        {
            throw new TrackerStartupException($"Config file not found: {configFile}", 2);
        }

        if (settings.ReadEnvironment)
        {
            configuration.AddEnvironmentVariables(EnvironmentPrefix);
        }

        var commandLine = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (settings.Port is { } port)
        {
            commandLine["Tracker:Port"] = port.ToString(CultureInfo.InvariantCulture);
        }

        if (settings.CredentialsFile is not null)
        {
            commandLine["Tracker:CredentialsFile"] = settings.CredentialsFile;
        }

        if (settings.DataDirectory is not null)
        {
            commandLine["Tracker:DataDirectory"] = settings.DataDirectory;
        }

        if (settings.ConfigurationOverrides is not null)
        {
            foreach (var (key, value) in settings.ConfigurationOverrides)
            {
                commandLine[key] = value;
            }
        }

        configuration.AddInMemoryCollection(commandLine);
    }

    private static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine("fileshare-tracker: " + message);
        Console.Error.Flush();
        return exitCode;
    }
}
