using FileShare.Protocol;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Tests.Sessions;

public sealed class ReplayWindowTests
{
    [Fact]
    public void EachCounterRunsOnceWithinTheWindowAndOlderOnesAreStale()
    {
        var window = new ReplayWindow();
        var random = new Random(20);
        var seen = new HashSet<long>();
        long highest = 0;
        for (var i = 0; i < 20_000; i++)
        {
            // Mostly forward, sometimes far ahead, sometimes back into or past the window, sometimes a repeat.
            var counter = random.Next(10) switch
            {
                0 => highest + random.Next(1, 600),
                1 or 2 => Math.Max(1, highest - random.Next(0, 300)),
                _ => highest + random.Next(1, 4),
            };
            var expected = counter > highest ? ReplayWindow.Verdict.Fresh
                : highest - counter >= ProtocolLimits.ReplayWindowCounters ? ReplayWindow.Verdict.Stale
                : seen.Contains(counter) ? ReplayWindow.Verdict.Replayed
                : ReplayWindow.Verdict.Fresh;

            Assert.Equal(expected, window.TryAccept(counter));
            if (expected == ReplayWindow.Verdict.Fresh)
            {
                seen.Add(counter);
                highest = Math.Max(highest, counter);
            }
        }
    }
}
