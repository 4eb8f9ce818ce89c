using System.Diagnostics;
using System.Globalization;
using FileShare.Protocol.Messages;

namespace FileShare.Bench.TrackerLoad;

/// <summary>
/// Paces one <see cref="LoadClient"/>: every session heartbeats once a second (staggered evenly over the second),
/// and requests of the mix go out at <see cref="Rate"/> per second. Sending is driven by elapsed time, so a late tick
/// sends what fell due meanwhile instead of lowering the rate.
/// </summary>
internal sealed class LoadDriver
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(2);
    private static readonly byte[] PublishedDigest = new byte[32];
    private readonly LoadClient _client;
    private readonly RequestMix _mix;
    private readonly PublicationPlan _plan;
    private readonly Random _random;
    private double _rate;
    private bool _measuring;
    private long _longestTickGapTicks;

    public LoadDriver(LoadClient client, RequestMix mix, PublicationPlan plan, int seed)
    {
        _client = client;
        _mix = mix;
        _plan = plan;
        _random = new Random(seed);
    }

    /// <summary>Mix requests per second from this socket (0 = heartbeats only).</summary>
    public double Rate
    {
        get => Volatile.Read(ref _rate);
        set => Volatile.Write(ref _rate, value);
    }

    /// <summary>Whether requests sent now count in the measured window.</summary>
    public bool Measuring
    {
        get => Volatile.Read(ref _measuring);
        set => Volatile.Write(ref _measuring, value);
    }

    /// <summary>The longest time between two ticks of this driver's loop while measuring (its own pauses).</summary>
    public TimeSpan LongestTickGap => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _longestTickGapTicks));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick);
        var sessions = _client.Sessions;
        var started = Stopwatch.GetTimestamp();
        var last = started;
        long heartbeats = 0;
        double credit = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = Stopwatch.GetTimestamp();
                if (Measuring && now - last > Interlocked.Read(ref _longestTickGapTicks))
                {
                    Interlocked.Exchange(ref _longestTickGapTicks, now - last);
                }

                var heartbeatsDue = (long)(Stopwatch.GetElapsedTime(started, now).TotalSeconds * sessions.Count);
                for (; heartbeats < heartbeatsDue; heartbeats++)
                {
                    _client.SendHeartbeat(sessions[(int)(heartbeats % sessions.Count)]);
                }

                credit += Rate * Stopwatch.GetElapsedTime(last, now).TotalSeconds;
                last = now;
                var measuring = Measuring;
                for (; credit >= 1; credit--)
                {
                    var session = sessions[_random.Next(sessions.Count)];
                    if (session.Token is null)
                    {
                        continue;
                    }

                    var kind = _mix.Pick(_random);
                    _client.SendMix(session, kind, Build(kind, session), measuring);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private Message Build(RequestKind kind, SimSession session) => kind switch
    {
        RequestKind.Search => new SearchRequest(SearchText(), null),
        RequestKind.Get => new GetFileRequest(PublicationPlan.Name(_random.Next(_plan.DistinctNames)), null),
        RequestKind.ListPeers => new ListActivePeersRequest(null),
        RequestKind.ListMine => new ListMyFilesRequest(null),
        RequestKind.Publish => new PublishRequest(
            string.Create(CultureInfo.InvariantCulture, $"new-{session.User.Name}-{++session.Published:D6}.dat"), 1000, PublishedDigest),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a mix request"),
    };

    // A third each: a common word (many hits, the page fills early), a rare number (one hit, every name is looked
    // at), and a text no name contains (the signature filter skips nearly every name).
    private string SearchText() => _random.Next(3) switch
    {
        0 => PublicationPlan.CommonWord(_random.Next(1000)),
        1 => PublicationPlan.RareText(_random.Next(_plan.DistinctNames)),
        _ => "qqzzy",
    };
}
