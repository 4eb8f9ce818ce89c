using FileShare.Peer.Tui.Rendering;

namespace FileShare.Peer.Tui.Terminal;

/// <summary>
/// The key loop: reads keys, applies what background work posted, ticks every <see cref="TuiTimings.Tick"/>,
/// follows resizes, and redraws whenever something changed. Runs until the view-model asks to exit.
/// </summary>
internal sealed class TuiLoop
{
    private readonly TuiController _controller;
    private readonly TuiRenderer _renderer;
    private readonly IKeySource _keys;
    private readonly ITerminalScreen _screen;
    private readonly TimeProvider _time;
    private readonly TuiTimings _timings;

    public TuiLoop(TuiController controller, TuiRenderer renderer, IKeySource keys, ITerminalScreen screen, TimeProvider time, TuiTimings timings)
    {
        _controller = controller;
        _renderer = renderer;
        _keys = keys;
        _screen = screen;
        _time = time;
        _timings = timings;
    }

    /// <summary>Runs until <c>xit</c> or Ctrl+C; cancelling <paramref name="cancellationToken"/> acts like Ctrl+C.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var viewModel = _controller.ViewModel;
        var size = _screen.Size;
        var lastTick = _time.GetTimestamp();
        var quitRequested = false;
        Draw(size);
        while (!viewModel.ExitRequested)
        {
            if (cancellationToken.IsCancellationRequested && !quitRequested)
            {
                quitRequested = true;
                _controller.RequestQuit();
            }

            var dirty = false;
            var key = await _keys.ReadKeyAsync(_timings.KeyPoll, CancellationToken.None).ConfigureAwait(false);
            if (key is { } pressed)
            {
                _controller.HandleKey(pressed);
                dirty = true;
            }

            dirty |= _controller.PumpPending();
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(lastTick, now) >= _timings.Tick)
            {
                lastTick = now;
                _controller.Tick();
                dirty = true;
            }

            var current = _screen.Size;
            if (current != size)
            {
                size = current;
                dirty = true;
            }

            if (dirty)
            {
                Draw(size);
            }
        }

        _controller.PumpPending();
        Draw(size);
    }

    private void Draw((int Width, int Height) size) =>
        _screen.Draw(size.Width, size.Height, console => _renderer.Render(_controller.ViewModel, console));
}
