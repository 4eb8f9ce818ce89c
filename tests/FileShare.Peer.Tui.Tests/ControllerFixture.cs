using FileShare.Peer.Tui.Input;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileShare.Peer.Tui.Tests;

/// <summary>A controller over a stubbed peer with a fake clock, and helpers to drive it like the UI does.</summary>
internal sealed class ControllerFixture : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public ControllerFixture(HistoryFile? history = null)
    {
        Controller = new TuiController(ViewModel, Peer.Object, Clock, TuiTimings.Default, NullLogger<TuiController>.Instance, history);
        Controller.Start(_stopping.Token);
    }

    public PeerStub Peer { get; } = new();

    public FakeTimeProvider Clock { get; } = new();

    public TuiViewModel ViewModel { get; } = new();

    public TuiController Controller { get; }

    public void Enter(string line) => Controller.Submit(line);

    /// <summary>Applies posted work until <paramref name="done"/> holds, waiting on the controller's signal.</summary>
    public async Task PumpUntilAsync(Func<bool> done)
    {
        Controller.PumpPending();
        while (!done())
        {
            Assert.True(await Controller.WaitForPostedAsync(TimeSpan.FromSeconds(10)), "Timed out waiting for the UI state");
            Controller.PumpPending();
        }
    }

    public Task RunAsync(string line)
    {
        var before = ViewModel.Output.Count(o => o.IsEcho);
        Enter(line);
        return PumpUntilAsync(() => ViewModel.Output.Count(o => o.IsEcho) > before);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
