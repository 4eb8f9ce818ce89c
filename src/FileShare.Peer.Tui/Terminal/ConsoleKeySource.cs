namespace FileShare.Peer.Tui.Terminal;

/// <summary>Keys from <see cref="Console.ReadKey(bool)"/>, polled so the loop can also tick and notice resizes.</summary>
internal sealed class ConsoleKeySource : IKeySource
{
    private static readonly TimeSpan PollStep = TimeSpan.FromMilliseconds(10);

    public async Task<ConsoleKeyInfo?> ReadKeyAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            if (Console.KeyAvailable)
            {
                return Console.ReadKey(intercept: true);
            }

            if (TimeProvider.System.GetElapsedTime(started) >= wait)
            {
                return null;
            }

            await Task.Delay(PollStep, cancellationToken).ConfigureAwait(false);
        }
    }
}
