using FileShare.Peer.Tui.Rendering;
using FileShare.Peer.Tui.Terminal;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace FileShare.Peer.Tui.Tests;

public sealed class LoopTests
{
    /// <summary>Scripted keys; when they run out, each wait advances the fake clock instead of sleeping.</summary>
    private sealed class ScriptedKeys(FakeTimeProvider clock, IEnumerable<ConsoleKeyInfo?> script) : IKeySource
    {
        private readonly Queue<ConsoleKeyInfo?> _script = new(script);

        public Task<ConsoleKeyInfo?> ReadKeyAsync(TimeSpan wait, CancellationToken cancellationToken)
        {
            if (_script.TryDequeue(out var key))
            {
                return Task.FromResult(key);
            }

            clock.Advance(wait);
            return Task.FromResult<ConsoleKeyInfo?>(null);
        }
    }

    private sealed class RecordingScreen : ITerminalScreen
    {
        public (int Width, int Height) Size { get; set; } = (80, 24);

        public List<string> Frames { get; } = [];

        public List<string> Calls { get; } = [];

        public void Enter() => Calls.Add("enter");

        public void Leave() => Calls.Add("leave");

        public void Draw(int width, int height, Action<IAnsiConsole> paint)
        {
            using var writer = new StringWriter();
            paint(ScreenText.Console(writer, width, height));
            Frames.Add(writer.ToString());
        }
    }

    [Fact]
    public async Task TypedCommandsRunAndCtrlCLeavesCleanly()
    {
        var clock = new FakeTimeProvider();
        var peer = new PeerStub();
        var viewModel = new TuiViewModel();
        var controller = new TuiController(viewModel, peer.Object, clock, TuiTimings.Default, NullLogger<TuiController>.Instance);
        var script = new List<ConsoleKeyInfo?>();
        script.AddRange(Keys.Text("auth alice pw").Select(k => (ConsoleKeyInfo?)k));
        script.Add(Keys.Of(ConsoleKey.Enter));
        script.AddRange(Enumerable.Repeat<ConsoleKeyInfo?>(null, 3));
        script.Add(Keys.Ctrl(ConsoleKey.C));
        var screen = new RecordingScreen();
        using var stopping = new CancellationTokenSource();
        controller.Start(stopping.Token);
        screen.Enter();
        var loop = new TuiLoop(controller, new TuiRenderer(), new ScriptedKeys(clock, script), screen, clock, TuiTimings.Default);
        await loop.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.CancelAsync();
        await controller.StopAsync(TimeSpan.FromSeconds(5));
        screen.Leave();

        Assert.Equal(["enter", "leave"], screen.Calls);
        Assert.Equal(["auth alice pw", "xit"], peer.Executed);
        Assert.Contains("Goodbye!", screen.Frames[^1], StringComparison.Ordinal);
        Assert.Contains("> auth alice ********", screen.Frames[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(screen.Frames, f => f.Contains("alice pw", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResizeRedrawsAtTheNewSize()
    {
        var clock = new FakeTimeProvider();
        var peer = new PeerStub();
        var viewModel = new TuiViewModel();
        var controller = new TuiController(viewModel, peer.Object, clock, TuiTimings.Default, NullLogger<TuiController>.Instance);
        var screen = new RecordingScreen();
        var resized = false;
        var keys = new ResizingKeys(clock, () =>
        {
            if (!resized)
            {
                resized = true;
                screen.Size = (160, 48);
                return null;
            }

            return Keys.Ctrl(ConsoleKey.C);
        });
        using var stopping = new CancellationTokenSource();
        controller.Start(stopping.Token);
        var loop = new TuiLoop(controller, new TuiRenderer(), keys, screen, clock, TuiTimings.Default);
        await loop.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.CancelAsync();
        await controller.StopAsync(TimeSpan.FromSeconds(5));

        var first = screen.Frames[0].TrimEnd('\n').Split('\n');
        var last = screen.Frames[^1].TrimEnd('\n').Split('\n');
        Assert.Equal(24, first.Length);
        Assert.Equal(48, last.Length);
    }

    [Fact]
    public async Task CancellationActsLikeCtrlC()
    {
        var clock = new FakeTimeProvider();
        var peer = new PeerStub();
        var controller = new TuiController(new TuiViewModel(), peer.Object, clock, TuiTimings.Default, NullLogger<TuiController>.Instance);
        using var stopping = new CancellationTokenSource();
        controller.Start(stopping.Token);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var loop = new TuiLoop(controller, new TuiRenderer(), new ScriptedKeys(clock, []), new RecordingScreen(), clock, TuiTimings.Default);
        await loop.RunAsync(cancelled.Token).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["xit"], peer.Executed);
    }

    private sealed class ResizingKeys(FakeTimeProvider clock, Func<ConsoleKeyInfo?> next) : IKeySource
    {
        public Task<ConsoleKeyInfo?> ReadKeyAsync(TimeSpan wait, CancellationToken cancellationToken)
        {
            clock.Advance(wait);
            return Task.FromResult(next());
        }
    }
}
