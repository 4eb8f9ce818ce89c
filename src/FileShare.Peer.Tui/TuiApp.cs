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
    public static Task<int> RunAsync(IServiceProvider services, TrackerEndpoint tracker, CancellationToken cancellationToken)
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
            session is null ? null : session.PingAsync,
            cancellationToken);
    }

    /// <summary>The same over any <see cref="IPeerFacade"/> (the product's, or a synthetic one for measurements).</summary>
    /// <param name="peer">The peer core.</param>
    /// <param name="history">Where the command history is kept across runs, or null for none.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggers">Where the UI logs (a file: never the screen).</param>
    /// <param name="ping">A first tracker probe to start with the UI, or null.</param>
    /// <param name="cancellationToken">Quits the UI as Ctrl+Q does.</param>
    public static async Task<int> RunAsync(
        IPeerFacade peer,
        HistoryFile? history,
        TimeProvider time,
        ILoggerFactory loggers,
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
        try
        {
            app.Init();
            using var window = new PeerWindow(app, controller, time, TuiTimings.Default);
            controller.Start(stopping.Token);

            // One probe at start, so the status line shows the tracker's state and round trip before any login.
            if (ping is not null)
            {
                probe = ping(stopping.Token);
            }

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

        return exitCode;
    }

    private static void OnSignal(PosixSignalContext context, PeerWindow window, ILogger logger)
    {
        context.Cancel = true;
        LogSignal(logger, context.Signal.ToString());
        window.QuitFromSignal();
    }

    [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "Terminal UI started on the {Driver} driver")]
    private static partial void LogStarted(ILogger logger, string driver);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Information, Message = "{Signal} received: quitting the terminal UI")]
    private static partial void LogSignal(ILogger logger, string signal);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Error, Message = "Terminal.Gui did not shut down within {Seconds} s; exiting without it")]
    private static partial void LogDisposeTimedOut(ILogger logger, double seconds);

    [LoggerMessage(EventId = 1513, Level = LogLevel.Warning, Message = "Cannot read the command history from {Path}")]
    private static partial void LogHistoryUnreadable(ILogger logger, string path, Exception exception);
}
