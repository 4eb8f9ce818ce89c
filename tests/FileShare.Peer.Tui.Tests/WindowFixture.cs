using System.Text;
using FileShare.Peer.Tui.Input;
using FileShare.Peer.Tui.Views;
using Microsoft.Extensions.Logging.Abstractions;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Time;

namespace FileShare.Peer.Tui.Tests;

/// <summary>
/// The main window on Terminal.Gui's ANSI driver with no terminal: keys go in through
/// <c>InjectKey</c>, the screen is read back from the driver's contents. Synchronous on purpose:
/// an await after <see cref="IApplication.Begin"/> can hang. Background results are applied with <see cref="PumpUntil"/>.
/// </summary>
internal sealed class WindowFixture : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly SessionToken? _session;

    public WindowFixture(int width = 80, int height = 24, HistoryFile? history = null)
    {
        Controller = new TuiController(ViewModel, Peer.Object, Clock, TuiTimings.Default, NullLogger<TuiController>.Instance, history);
        Controller.Start(_stopping.Token);
        App = Application.Create(new VirtualTimeProvider());
        App.Init(DriverRegistry.Names.ANSI);
        App.Driver!.SetScreenSize(width, height);
        Window = new PeerWindow(App, Controller, Clock, TuiTimings.Default);
        _session = App.Begin(Window);
        Draw();
    }

    public PeerStub Peer { get; } = new();

    public FakeTimeProvider Clock { get; } = new();

    public TuiViewModel ViewModel { get; } = new();

    public TuiController Controller { get; }

    public IApplication App { get; }

    public PeerWindow Window { get; }

    public void Type(string text)
    {
        foreach (var ch in text)
        {
            App.InjectKey(new Key(ch));
        }
    }

    public void Press(params Key[] keys)
    {
        foreach (var key in keys)
        {
            App.InjectKey(key);
        }
    }

    /// <summary>Types <paramref name="line"/>, presses Enter and waits until its echo is in the output.</summary>
    public void Run(string line)
    {
        var before = ViewModel.Output.Count(o => o.IsEcho);
        Type(line);
        Press(Key.Enter);
        PumpUntil(() => ViewModel.Output.Count(o => o.IsEcho) > before);
    }

    /// <summary>Applies what background work posted (as the UI thread would) until <paramref name="done"/> holds.</summary>
    public void PumpUntil(Func<bool> done)
    {
        Window.Pump();
        while (!done())
        {
            Assert.True(Controller.WaitForPostedAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult(), "Timed out waiting for the UI state");
            Window.Pump();
        }
    }

    /// <summary>One tick of the UI timer: re-read transfers and status, then show them.</summary>
    public void Tick()
    {
        Controller.Tick();
        Window.Refresh();
    }

    public void Resize(int width, int height)
    {
        App.Driver!.SetScreenSize(width, height);
        Draw();
    }

    public void Draw() => App.LayoutAndDraw(forceRedraw: true);

    /// <summary>The screen as text, one line per row.</summary>
    public string Screen()
    {
        Draw();
        var contents = App.Driver!.Contents!;
        var text = new StringBuilder();
        for (var row = 0; row < contents.GetLength(0); row++)
        {
            for (var col = 0; col < contents.GetLength(1); col++)
            {
                text.Append(contents[row, col].Grapheme);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public string[] ScreenLines() => Screen().Split('\n');

    public void Dispose()
    {
        _stopping.Cancel();
        if (_session is not null)
        {
            App.End(_session);
        }

        Window.Dispose();
        App.Dispose();
        _stopping.Dispose();
    }
}
