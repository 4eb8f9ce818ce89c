using System.Diagnostics;
using FileShare.Bench.Infrastructure;
using LiteNetLib;

namespace FileShare.Bench.Transport;

/// <summary>
/// A generator thread that owns a slice of the sessions and does everything for them, with no other thread touching
/// them: paced opens, a heartbeat per session per second (staggered evenly), requests to random sessions at its share
/// of the rate, the library's periodic updates, and receiving through epoll. Pacing follows elapsed time, so a late
/// round sends what fell due meanwhile instead of lowering the rate.
/// </summary>
internal sealed class LoadWorker
{
    /// <summary>Connects per second over all workers, paced as in the prototype.</summary>
    private const double OpensPerSecond = 5_000;

    /// <summary>How often every session gets its periodic update (pings, resends, timeouts).</summary>
    private static readonly TimeSpan UpdateInterval = TimeSpan.FromMilliseconds(100);

    private readonly int _id;
    private readonly int _firstSession;
    private readonly int _sessionCount;
    private readonly int _workerCount;
    private readonly bool _periodicUpdates;
    private readonly Func<LoadWorker, ITransportSession> _createSession;
    private readonly LoadControl _control;
    private readonly Thread _thread;
    private readonly Lock _gate = new();
    private readonly int[] _disconnects = new int[Enum.GetValues<DisconnectReason>().Length];
    private StepRecorder? _recorder;
    private int _ready;
    private long _heartbeatsSent;
    private long _sendErrors;
    private Exception? _failure;

    public LoadWorker(
        int id, int firstSession, int sessionCount, int workerCount, bool periodicUpdates, Func<LoadWorker, ITransportSession> createSession, LoadControl control)
    {
        _id = id;
        _firstSession = firstSession;
        _sessionCount = sessionCount;
        _workerCount = workerCount;
        _periodicUpdates = periodicUpdates;
        _createSession = createSession;
        _control = control;
        _thread = new Thread(Run) { IsBackground = true, Name = $"load-worker-{id}" };
    }

    public int SessionCount => _sessionCount;

    /// <summary>A receive buffer for this worker's sessions to share: only its thread uses them.</summary>
    public byte[] ReceiveBuffer { get; } = new byte[2048];

    /// <summary>Sessions ready now (connected, for LiteNetLib).</summary>
    public int Ready => Volatile.Read(ref _ready);

    public long HeartbeatsSent => Interlocked.Read(ref _heartbeatsSent);

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Connections lost so far, by LiteNetLib's reason.</summary>
    public int Disconnects(DisconnectReason reason) => Volatile.Read(ref _disconnects[(int)reason]);

    /// <summary>What stopped the worker's loop, if anything did.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    public void Start() => _thread.Start();

    public void Join() => _thread.Join();

    /// <summary>Starts recording requests sent between <paramref name="windowStart"/> and <paramref name="windowEnd"/>.</summary>
    public void BeginRecording(long windowStart, long windowEnd)
    {
        lock (_gate)
        {
            _recorder = new StepRecorder(windowStart, windowEnd);
        }
    }

    /// <summary>Requests sent in the window and replies received to them so far.</summary>
    public (long Sent, long Replied) Progress()
    {
        lock (_gate)
        {
            return _recorder is { } r ? (r.Sent, r.Replied) : (0, 0);
        }
    }

    /// <summary>Ends the record; replies that come later are not counted.</summary>
    public StepRecorder EndRecording()
    {
        lock (_gate)
        {
            var recorder = _recorder ?? throw new InvalidOperationException("Not recording.");
            _recorder = null;
            return recorder;
        }
    }

    public void OnConnected() => Interlocked.Increment(ref _ready);

    public void OnDisconnected(DisconnectReason reason, bool wasReady)
    {
        if (wasReady)
        {
            Interlocked.Decrement(ref _ready);
        }

        Interlocked.Increment(ref _disconnects[(int)reason]);
    }

    public void OnSendError() => Interlocked.Increment(ref _sendErrors);

    public void OnReply(ReadOnlySpan<byte> message)
    {
        if (!EchoWire.TryReadReply(message, out var sent))
        {
            return;
        }

        var microseconds = Stopwatch.GetElapsedTime(sent).TotalMicroseconds;
        lock (_gate)
        {
            if (_recorder is { } recorder && recorder.Contains(sent))
            {
                recorder.Latencies.Add(microseconds);
            }
        }
    }

    private void Run()
    {
        var sessions = new ITransportSession[_sessionCount];
        using var epoll = new Epoll(maxEvents: 512);
        try
        {
            for (var i = 0; i < sessions.Length; i++)
            {
                sessions[i] = _createSession(this);
                epoll.Add(sessions[i].Socket, i);
            }

            Loop(sessions, epoll);
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _failure, ex);
        }
        finally
        {
            foreach (var session in sessions)
            {
                session?.Dispose();
            }
        }
    }

    private void Loop(ITransportSession[] sessions, Epoll epoll)
    {
        var frequency = (double)Stopwatch.Frequency;
        var random = new Random(1000 + _id);
        var message = new byte[EchoWire.RequestBytes];
        var sequences = new uint[sessions.Length];
        var n = sessions.Length;
        var opensPerTick = OpensPerSecond / _workerCount / frequency;
        var updatesPerTick = n / (UpdateInterval.TotalSeconds * frequency);
        var started = Stopwatch.GetTimestamp();
        var opened = 0;
        long heartbeats = 0;
        var heartbeatCursor = 0;
        long updates = 0;
        var updateCursor = 0;
        double credit = 0;
        var lastRound = started;

        while (!_control.Stopping)
        {
            var now = Stopwatch.GetTimestamp();
            var elapsed = now - lastRound;
            lastRound = now;
            NoteLoopGap(now, elapsed);

            // Opens, paced.
            for (; opened < n && opened < (now - started) * opensPerTick + 1; opened++)
            {
                sessions[opened].Open(now);
            }

            var loadStarted = _control.LoadStarted;
            if (loadStarted != 0)
            {
                // Each session once per second, in turn.
                var heartbeatsDue = (long)((now - loadStarted) * (n / frequency));
                for (; heartbeats < heartbeatsDue; heartbeats++)
                {
                    var index = heartbeatCursor;
                    heartbeatCursor = (heartbeatCursor + 1) % n;
                    if (sessions[index].IsReady)
                    {
                        var length = EchoWire.WriteHeartbeat(message, _firstSession + index, ++sequences[index]);
                        sessions[index].Send(message.AsSpan(0, length), reliable: false, now);
                        Interlocked.Increment(ref _heartbeatsSent);
                        CountHeartbeat(now);
                    }
                }

                var rate = _control.RequestRate / _workerCount;
                credit = rate <= 0 ? 0 : credit + (rate * elapsed / frequency);
                for (; credit >= 1; credit--)
                {
                    var index = random.Next(n);
                    if (!sessions[index].IsReady)
                    {
                        continue;
                    }

                    var sent = Stopwatch.GetTimestamp();
                    var length = EchoWire.WriteRequest(message, _firstSession + index, sent, random.Next(EchoWire.MinReplyBytes, EchoWire.MaxReplyBytes + 1));
                    sessions[index].Send(message.AsSpan(0, length), reliable: true, sent);
                    CountRequest(sent);
                }
            }

            if (_periodicUpdates)
            {
                // Spread over the interval; when far behind, skip ahead rather than spin catching up.
                var updatesDue = (long)((now - started) * updatesPerTick);
                updates = Math.Max(updates, updatesDue - n);
                for (; updates < updatesDue; updates++)
                {
                    sessions[updateCursor].Update(now);
                    updateCursor = (updateCursor + 1) % n;
                }
            }

            var ready = epoll.Wait(timeoutMilliseconds: 1);
            if (ready > 0)
            {
                var received = Stopwatch.GetTimestamp();
                for (var i = 0; i < ready; i++)
                {
                    sessions[epoll.DataAt(i)].Receive(received);
                }
            }
        }
    }

    private void CountRequest(long sent)
    {
        lock (_gate)
        {
            if (_recorder is { } recorder && recorder.Contains(sent))
            {
                recorder.Sent++;
            }
        }
    }

    private void CountHeartbeat(long now)
    {
        lock (_gate)
        {
            if (_recorder is { } recorder && recorder.Contains(now))
            {
                recorder.Heartbeats++;
            }
        }
    }

    private void NoteLoopGap(long now, long gap)
    {
        lock (_gate)
        {
            if (_recorder is { } recorder && recorder.Contains(now) && gap > recorder.LongestLoopGapTicks)
            {
                recorder.LongestLoopGapTicks = gap;
            }
        }
    }
}
