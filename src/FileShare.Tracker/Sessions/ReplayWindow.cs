using FileShare.Protocol;

namespace FileShare.Tracker.Sessions;

/// <summary>
/// The counters of a session's signed requests that have run (PROTOCOL.md §5.3): a sliding bitmap of
/// <see cref="ProtocolLimits.ReplayWindowCounters"/> counters below the highest one run, as IPsec and DTLS keep theirs.
/// A counter runs once: a replayed datagram, or one older than the window, is refused. Thread-safe: reads of one
/// session can run side by side on several workers.
/// </summary>
internal sealed class ReplayWindow
{
    private const int Words = ProtocolLimits.ReplayWindowCounters / 64;

    private readonly ulong[] _seen = new ulong[Words];
    private readonly Lock _lock = new();
    private long _highest;

    /// <summary>What <see cref="TryAccept"/> decided.</summary>
    public enum Verdict
    {
        /// <summary>Never run before and within the window: run it.</summary>
        Fresh,

        /// <summary>Already run: a retransmission whose reply is gone, or a replay.</summary>
        Replayed,

        /// <summary>Further below the highest counter run than the window reaches.</summary>
        Stale,
    }

    /// <summary>Records <paramref name="counter"/> as run when it is fresh; says why not otherwise.</summary>
    public Verdict TryAccept(long counter)
    {
        lock (_lock)
        {
            if (counter > _highest)
            {
                Slide(counter - _highest);
                _highest = counter;
                Mark(0);
                return Verdict.Fresh;
            }

            var behind = _highest - counter;
            if (behind >= ProtocolLimits.ReplayWindowCounters)
            {
                return Verdict.Stale;
            }

            if (IsMarked((int)behind))
            {
                return Verdict.Replayed;
            }

            Mark((int)behind);
            return Verdict.Fresh;
        }
    }

    // Bit i of the window stands for counter _highest - i.
    private bool IsMarked(int behind) => (_seen[behind / 64] & (1UL << (behind % 64))) != 0;

    private void Mark(int behind) => _seen[behind / 64] |= 1UL << (behind % 64);

    // The bitmap as one 256-bit number, bit i in word i / 64: sliding the window is a left shift by whole words and
    // then bits (a bit-by-bit loop cost about as much as the request's HMAC).
    private void Slide(long by)
    {
        if (by >= ProtocolLimits.ReplayWindowCounters)
        {
            Array.Clear(_seen);
            return;
        }

        var wordShift = (int)(by / 64);
        var bitShift = (int)(by % 64);
        for (var word = Words - 1; word >= 0; word--)
        {
            var from = word - wordShift;
            var value = from >= 0 ? _seen[from] << bitShift : 0UL;
            if (bitShift != 0 && from - 1 >= 0)
            {
                value |= _seen[from - 1] >> (64 - bitShift);
            }

            _seen[word] = value;
        }
    }
}
