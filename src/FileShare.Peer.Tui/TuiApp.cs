using FileShare.Peer.Core;
using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Tracker;
using FileShare.Peer.Core.Hosting;
using FileShare.Peer.Tui.Peer;
using FileShare.Peer.Tui.Rendering;
using FileShare.Peer.Tui.Terminal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FileShare.Peer.Tui;

/// <summary>Entry point of the full-screen terminal UI over a started peer host.</summary>
internal static class TuiApp
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs the UI on the real terminal until <c>xit</c> or Ctrl+C (or <paramref name="cancellationToken"/>),
    /// then restores the terminal. The caller stops the host afterwards.
    /// </summary>
    /// <returns>The process exit code (0).</returns>
    public static Task<int> RunAsync(IServiceProvider services, TrackerEndpoint tracker, CancellationToken cancellationToken) =>
        RunAsync(services, tracker, new ConsoleKeySource(), new ConsoleTerminalScreen(Console.Out), TuiTimings.Default, cancellationToken);

    /// <summary>The same with the terminal and timings supplied (tests).</summary>
    public static async Task<int> RunAsync(
        IServiceProvider services,
        TrackerEndpoint tracker,
        IKeySource keys,
        ITerminalScreen screen,
        TuiTimings timings,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(screen);
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var facade = new PeerFacade(
            services.GetRequiredService<PeerNode>(),
            services.GetRequiredService<CommandProcessor>(),
            tracker,
            time);
        var viewModel = new TuiViewModel();
        viewModel.Append(new OutputEntry($"Welcome to {TuiRenderer.ProductName}. Log in with: auth <username> <password>   (F1 or help lists the commands)"));
        var controller = new TuiController(viewModel, facade, time, timings, services.GetRequiredService<ILogger<TuiController>>());
        var loop = new TuiLoop(controller, new TuiRenderer(), keys, screen, time, timings);

        using var stopping = new CancellationTokenSource();
        Task ping = Task.CompletedTask;
        screen.Enter();
        try
        {
            controller.Start(stopping.Token);

            // One probe at start, so the status bar shows the tracker's state and round trip before any login.
            if (services.GetService<TrackerSession>() is { } session)
            {
                ping = session.PingAsync(stopping.Token);
            }

            await loop.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Downloads still running are cut here; their partial files stay for a later resume.
            await stopping.CancelAsync().ConfigureAwait(false);
            await ping.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await controller.StopAsync(StopGrace).ConfigureAwait(false);
            screen.Leave();
        }

        return 0;
    }
}
