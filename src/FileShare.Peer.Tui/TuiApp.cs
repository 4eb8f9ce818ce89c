using System.Runtime.InteropServices;
using FileShare.Peer.Core;
using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Files;
using FileShare.Peer.Core.Hosting;
using FileShare.Peer.Core.Tracker;
using FileShare.Peer.Tui.Input;
using FileShare.Peer.Tui.Peer;
using FileShare.Peer.Tui.Rendering;
using FileShare.Peer.Tui.Views;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Terminal.Gui.App;

namespace FileShare.Peer.Tui;

/// <summary>Entry point of the full-screen terminal UI (Terminal.Gui) over a started peer host.</summary>
internal static partial class TuiApp
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    /// <summary>How long Terminal.Gui may take to restore the terminal before the process gives up on it.</summary>
    private static readonly TimeSpan DisposeLimit = TimeSpan.FromSeconds(3);

    /// <summary>Exit code when Terminal.Gui did not shut down within <see cref="DisposeLimit"/>.</summary>
    public const int ShutdownTimedOut = 3;

    /// <summary>
    /// Runs the UI on the real terminal until <c>xit</c>, Ctrl+Q, Ctrl+C (twice or confirmed), SIGINT/SIGTERM or
    /// <paramref name="cancellationToken"/>, then restores the terminal. The caller stops the host afterwards.
    /// </summary>
    /// <returns>The process exit code: 0, or <see cref="ShutdownTimedOut"/>.</returns>
    /// <param name="services">The peer host's services (built, not necessarily started).</param>
    /// <param name="tracker">The tracker.</param>
    /// <param name="startHost">Starts the host; it runs while the UI draws its first frame, and commands typed
    /// meanwhile wait for it. Its exception (e.g. the file server's port is taken) ends the UI and is rethrown.</param>
    /// <param name="cancellationToken">Quits the UI as Ctrl+Q does.</param>
    public static Task<int> RunAsync(
        IServiceProvider services, TrackerEndpoint tracker, Func<CancellationToken, Task>? startHost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var node = services.GetRequiredService<PeerNode>();
        var facade = new PeerFacade(node, services.GetRequiredService<CommandProcessor>(), tracker, time);
        var history = new HistoryFile(Path.Combine(node.Folder.Root, ShareFolder.StateFolderName, HistoryFile.FileName));
        var session = services.GetService<TrackerSession>();
        return RunAsync(
            facade,
            history,
            time,
            services.GetRequiredService<ILoggerFactory>(),
            startHost,
            session is null ? null : session.PingAsync,
            cancellationToken);
    }

    /// <summary>The same over any <see cref="IPeerFacade"/> (the product's, or a synthetic one for measurements).</summary>
    /// <param name="peer">The peer core.</param>
    /// <param name="history">Where the command history is kept across runs, or null for none.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggers">Where the UI logs (a file: never the screen).</param>
    /// <param name="start">Work run alongside the first frame before any command runs (starting the host), or null.</param>
    /// <param name="ping">A first tracker probe once <paramref name="start"/> is done, or null.</param>
    /// <param name="cancellationToken">Quits the UI as Ctrl+Q does.</param>
    public static async Task<int> RunAsync(
        IPeerFacade peer,
        HistoryFile? history,
        TimeProvider time,
        ILoggerFactory loggers,
        Func<CancellationToken, Task>? start,
        Func<CancellationToken, Task>? ping,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        var logger = loggers.CreateLogger(typeof(TuiApp).FullName!);
        var viewModel = new TuiViewModel();
        if (history is not null)
        {
            try
            {
                viewModel.History.Preload(history.Load());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogHistoryUnreadable(logger, history.Path, ex);
            }
        }

        viewModel.Append(new OutputEntry($"Welcome to {StatusLine.ProductName}. Log in with: auth <username> <password>   (F1 or help lists the commands)"));
        var controller = new TuiController(viewModel, peer, time, TuiTimings.Default, loggers.CreateLogger<TuiController>(), history);

        using var stopping = new CancellationTokenSource();
        var probe = Task.CompletedTask;
        var app = Application.Create();
        var exitCode = 0;
        var started = time.GetTimestamp();

        // Starting the host overlaps Terminal.Gui's start and first frame (both are mostly JIT work).
        var starting = start is null ? Task.CompletedTask : Task.Run(() => start(stopping.Token), CancellationToken.None);
        try
        {
            app.Init();
            var initialized = time.GetElapsedTime(started);
            using var window = new PeerWindow(app, controller, time, TuiTimings.Default);
            var firstFrame = true;
            app.LayoutAndDrawComplete += (_, _) =>
            {
                if (firstFrame)
                {
                    firstFrame = false;
                    LogFirstFrame(logger, initialized.TotalMilliseconds, time.GetElapsedTime(started).TotalMilliseconds, ProcessAgeMilliseconds());
                }
            };

            // Commands run once the start is done; one probe then, so the status line shows the tracker's state
            // and round trip before any login. A failed start closes the UI.
            _ = starting.ContinueWith(
                done => window.Post(() =>
                {
                    if (!done.IsCompletedSuccessfully)
                    {
                        window.Close();
                        return;
                    }

                    controller.Start(stopping.Token);
                    if (ping is not null)
                    {
                        probe = ping(stopping.Token);
                    }
                }),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

            // Without handlers SIGINT/SIGTERM would end the process with the terminal left in the alternate screen
            // and raw mode. SIGHUP stays with the runtime's default (exit): after a hangup Terminal.Gui's input
            // thread spins on the dead terminal and its Dispose never returns.
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, window, logger));
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, window, logger));
            using var cancelled = cancellationToken.Register(window.QuitFromSignal);
            LogStarted(logger, app.Driver?.GetName() ?? "?");
            app.Run(window);
        }
        finally
        {
            // Downloads still running are cut here; their partial files stay for a later resume.
            await stopping.CancelAsync().ConfigureAwait(false);
            await starting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await probe.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await controller.StopAsync(StopGrace).ConfigureAwait(false);

            // Dispose restores the terminal but waits without a limit for the input thread.
            var disposing = Task.Run(app.Dispose, CancellationToken.None);
            if (await Task.WhenAny(disposing, Task.Delay(DisposeLimit, time, CancellationToken.None)).ConfigureAwait(false) != disposing)
            {
                LogDisposeTimedOut(logger, DisposeLimit.TotalSeconds);
                exitCode = ShutdownTimedOut;
            }
        }

        // With the terminal restored, the caller reports why the start failed.
        if (starting.IsFaulted)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(starting.Exception!.InnerException!);
        }

        return exitCode;
    }

    // How long ago this process started (for the first-frame log line).
    private static long ProcessAgeMilliseconds()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return (long)(DateTime.Now - process.StartTime).TotalMilliseconds;
    }

    private static void OnSignal(PosixSignalContext context, PeerWindow window, ILogger logger)
    {
        context.Cancel = true;
        LogSignal(logger, context.Signal.ToString());
        window.QuitFromSignal();
    }

    [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "Terminal UI started on the {Driver} driver")]
    private static partial void LogStarted(ILogger logger, string driver);

    [LoggerMessage(EventId = 1514, Level = LogLevel.Information, Message = "First frame drawn: Terminal.Gui init {InitMs:0} ms, UI start to frame {UiMs:0} ms, process start to frame {ProcessMs} ms")]
    private static partial void LogFirstFrame(ILogger logger, double initMs, double uiMs, long processMs);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Information, Message = "{Signal} received: quitting the terminal UI")]
    private static partial void LogSignal(ILogger logger, string signal);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Error, Message = "Terminal.Gui did not shut down within {Seconds} s; exiting without it")]
    private static partial void LogDisposeTimedOut(ILogger logger, double seconds);

    [LoggerMessage(EventId = 1513, Level = LogLevel.Warning, Message = "Cannot read the command history from {Path}")]
    private static partial void LogHistoryUnreadable(ILogger logger, string path, Exception exception);
}
