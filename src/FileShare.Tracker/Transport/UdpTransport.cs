using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Tracker.Accounts;
using FileShare.Tracker.Dispatch;
using FileShare.Tracker.Sessions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Transport;

/// <summary>
/// The UDP socket loops; they only move bytes. Three dedicated threads, each with blocking calls (no await and no
/// thread switch per datagram: at tens of thousands of datagrams a second the switches, not the work, were the cost):
/// <list type="bullet">
/// <item>the receive thread reads every datagram, marks its session heard from at once
/// (<see cref="TrackerService.OnReceipt(ReadOnlyMemory{byte}, System.Buffers.ArrayBufferWriter{byte}, out Sessions.Session?)"/>) and queues the rest for the request worker. A live session's heartbeat
/// ends there, so no request work, lock or fsync can delay presence. When the bounded queue is full, a request is
/// answered Busy at once. It also tells <see cref="ReceiveHealth"/> when it has read everything and when the kernel
/// dropped datagrams, so a silence the tracker caused never expires a session;</item>
/// <item>request workers (<see cref="TrackerOptions.RequestWorkers"/>) run the queued requests and send their replies;</item>
/// <item>the commit thread flushes the journal for held changes and sends their replies, so an fsync never stops
/// reads and heartbeats.</item>
/// </list>
/// Binds a dual-mode IPv6 socket on [::]:PORT (reaching IPv4 peers too), or 0.0.0.0:PORT where IPv6 is unavailable,
/// and prints the ready line once bound.
/// </summary>
internal sealed partial class UdpTransport : IHostedService, IDisposable
{
    /// <summary>Large enough that an oversized datagram arrives whole and is rejected by size, not silently cut.</summary>
    private const int ReceiveBufferBytes = 65_536;

    /// <summary>
    /// Kernel socket buffers: the default (~208 KB) holds only ~100 ms of datagrams at 30,000/s, so any stall (a GC,
    /// a descheduled thread on a busy box) dropped heartbeats, and three lost in a row are a false expiry.
    /// </summary>
    private const int SocketBufferBytes = 4 << 20;

    /// <summary>Remote addresses remembered, so a known peer costs no IPEndPoint allocation per datagram.</summary>
    private const int MaxCachedEndPoints = 65_536;

    /// <summary>Spins of an idle request worker before it blocks (a few microseconds).</summary>
    private const int SpinsBeforeBlocking = 20;

    /// <summary>Requests queued behind one that waited too long, for it to be shed: overload, not a single stall.</summary>
    private const int MinBacklogToShed = 64;

    /// <summary>An idle receive call returns this often, so an idle tracker still knows it has read everything.</summary>
    private const int IdleReceiveTimeoutMs = 250;

    /// <summary>How often a busy receive thread asks the kernel whether its queue is empty (an ioctl).</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(1);

    private static readonly TimeSpan BusyLogInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often the kernel's drop counter of the socket is read, and Busy answers counted for the log.</summary>
    private static readonly TimeSpan DropCheckInterval = TimeSpan.FromMilliseconds(250);

    private readonly TrackerService _service;
    private readonly CredentialStore _credentials;
    private readonly ReceiveHealth _health;
    private readonly TimeProvider _time;
    private readonly TrackerOptions _options;
    private readonly ILogger<UdpTransport> _logger;
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly AutoResetEvent _commitSignal = new(initialState: false);
    private readonly BlockingCollection<QueuedRequest> _requests;
    private Socket? _socket;
    private Thread[] _threads = [];
    private int _commitRequested;
    private long _busyReplies;
    private long _drops;
    private long _dropsAtStart;

    // Read and written by the socket timer only (its callbacks do not overlap at this interval's work).
    private long _busyLogged;
    private long _lastBusyLog;
    private ITimer? _dropTimer;

    public UdpTransport(
        TrackerService service,
        CredentialStore credentials,
        ReceiveHealth health,
        TimeProvider time,
        IOptions<TrackerOptions> options,
        ILogger<UdpTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _service = service;
        _credentials = credentials;
        _health = health;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _requests = new BlockingCollection<QueuedRequest>(new ConcurrentQueue<QueuedRequest>(), _options.RequestQueueCapacity);
    }

    /// <summary>Completes with the bound port once the socket is listening.</summary>
    public Task<int> Ready => _ready.Task;

    /// <summary>The bound port (0 before start).</summary>
    public int BoundPort { get; private set; }

    /// <summary>Requests answered Busy since the start (receive thread and workers).</summary>
    public long BusyReplies => Interlocked.Read(ref _busyReplies);

    /// <summary>Datagrams the kernel dropped at the socket since the start, as of the last check (every 250 ms).</summary>
    public long DroppedDatagrams => Math.Max(0, Interlocked.Read(ref _drops) - _dropsAtStart);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        MessageCodec.Prepare(); // done already at load (TrackerLifecycle); cheap then, and a guarantee when used alone
        try
        {
            _socket = Bind(_options.Port, out var dualMode);
            _socket.ReceiveTimeout = IdleReceiveTimeoutMs;
            BoundPort = ((IPEndPoint)_socket.LocalEndPoint!).Port;
            LogBound(_logger, dualMode ? "[::] and 0.0.0.0 (dual mode)" : "0.0.0.0 (IPv6 unavailable)", BoundPort);
        }
        catch (SocketException ex)
        {
            throw new TrackerStartupException($"Cannot listen on UDP port {_options.Port}: {ex.Message}", ex);
        }

        _service.ListeningPort = BoundPort;
        _drops = _dropsAtStart = SocketDrops.AtPort(BoundPort);
        _dropTimer = _time.CreateTimer(_ => CheckSocket(), null, DropCheckInterval, DropCheckInterval);
        _threads =
        [
            StartThread("fs-receive", ReceiveLoop),
            StartThread("fs-commit", CommitLoop),
            .. Enumerable.Range(1, _options.RequestWorkers).Select(i => StartThread($"fs-requests-{i}", RequestLoop)),
        ];
        Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"FileShare tracker listening on 0.0.0.0:{BoundPort} (UDP), {_credentials.Count} users loaded"));
        Console.Out.Flush();
        _ready.TrySetResult(BoundPort);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_threads.Length == 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _dropTimer?.Dispose();
        _socket?.Dispose();
        _commitSignal.Set();
        var threads = _threads;
        _threads = [];
        var joined = Task.Run(() => Array.ForEach(threads, t => t.Join()), CancellationToken.None);
        try
        {
            await joined.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's stop timeout passed; the loops end with the process.
        }
    }

    public void Dispose()
    {
        _dropTimer?.Dispose();
        _socket?.Dispose();
        _stopping.Dispose();
        _commitSignal.Dispose();
        _requests.Dispose();
    }

    private Thread StartThread(string name, Action loop)
    {
        var thread = new Thread(() =>
        {
            try
            {
                loop();
            }
            catch (Exception ex) when (_stopping.IsCancellationRequested)
            {
                LogStopError(_logger, name, ex); // stopping anyway; a plain thread must not end the process
            }
            catch (Exception ex)
            {
                LogThreadFailed(_logger, name, ex);
            }
        })
        {
            Name = name,
            IsBackground = true,
        };
        thread.Start();
        return thread;
    }

    private static Socket Bind(int port, out bool dualMode)
    {
        if (Socket.OSSupportsIPv6)
        {
            var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                SetBufferSizes(socket);
                socket.DualMode = true;
                socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                dualMode = true;
                return socket;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressFamilyNotSupported
                or SocketError.AddressNotAvailable or SocketError.ProtocolNotSupported or SocketError.InvalidArgument)
            {
                socket.Dispose();
            }
        }

        var ipv4 = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            SetBufferSizes(ipv4);
            ipv4.Bind(new IPEndPoint(IPAddress.Any, port));
        }
        catch
        {
            ipv4.Dispose();
            throw;
        }

        dualMode = false;
        return ipv4;
    }

    /// <summary>Asks for large kernel buffers; the kernel may grant less (net.core.rmem_max), which is not an error.</summary>
    private static void SetBufferSizes(Socket socket)
    {
        try
        {
            socket.ReceiveBufferSize = SocketBufferBytes;
            socket.SendBufferSize = SocketBufferBytes;
        }
        catch (SocketException)
        {
            // Keep the system's default sizes.
        }
    }

    private void ReceiveLoop()
    {
        var socket = _socket!;
        var cancellationToken = _stopping.Token;
        var buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferBytes, pinned: true);
        var busy = new ArrayBufferWriter<byte>(ProtocolLimits.MaxDatagramBytes);
        var address = new SocketAddress(socket.AddressFamily);
        var endPoints = new Dictionary<SocketAddress, (IPEndPoint Remote, SocketAddress Key)>();
        var template = socket.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        var probeTicks = (long)(ProbeInterval.TotalSeconds * _time.TimestampFrequency);
        var lastProbe = 0L;
        var reply = new ArrayBufferWriter<byte>(ProtocolLimits.MaxDatagramBytes);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                int received;
                try
                {
                    received = socket.ReceiveFrom(buffer, SocketFlags.None, address);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
                {
                    _health.ReportDrained(_time.GetTimestamp()); // idle: nothing waits unread
                    continue;
                }

                var datagram = buffer.AsMemory(0, received);
                var receipt = _service.OnReceipt(datagram, reply, out var verified);
                if (receipt == Receipt.Reply)
                {
                    socket.SendTo(reply.WrittenSpan, SocketFlags.None, address);
                }
                else if (receipt == Receipt.Queue)
                {
                    var (remote, key) = RemoteEndPoint(endPoints, address, template);
                    var copy = ArrayPool<byte>.Shared.Rent(received);
                    datagram.CopyTo(copy);
                    if (!_requests.TryAdd(new QueuedRequest(copy, received, remote, key, _time.GetTimestamp(), verified)))
                    {
                        ArrayPool<byte>.Shared.Return(copy);
                        Interlocked.Increment(ref _busyReplies);
                        if (_service.WriteBusy(datagram, busy))
                        {
                            socket.SendTo(busy.WrittenSpan, SocketFlags.None, address);
                        }
                    }
                }

                var now = _time.GetTimestamp();
                if (now - lastProbe >= probeTicks)
                {
                    lastProbe = now;
                    if (socket.Available == 0)
                    {
                        _health.ReportDrained(now);
                    }
                }
            }
            catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException ex)
            {
                // ICMP errors from earlier sends (port unreachable) surface here on some systems; keep serving.
                LogSocketError(_logger, ex.SocketErrorCode.ToString(), ex.Message);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogLoopError(_logger, ex);
            }
        }

        _requests.CompleteAdding();
    }

    /// <summary>
    /// Reads the kernel's drop counter of the socket (a /proc file, so off the receive thread) and reports a loss to
    /// <see cref="ReceiveHealth"/>: a silence that overlaps it was the tracker's doing, not the peer's.
    /// </summary>
    private void CheckSocket()
    {
        var total = SocketDrops.AtPort(BoundPort);
        var before = Interlocked.Exchange(ref _drops, total);
        if (total > before)
        {
            _health.ReportLoss(_time.GetTimestamp());
            LogDatagramsDropped(_logger, total - before);
        }

        // Busy answers, from the receive thread and the workers, in one line a second at most.
        var busy = Interlocked.Read(ref _busyReplies);
        if (busy > _busyLogged && _time.GetElapsedTime(_lastBusyLog) >= BusyLogInterval)
        {
            LogOverloaded(_logger, busy - _busyLogged, _options.RequestQueueCapacity);
            _busyLogged = busy;
            _lastBusyLog = _time.GetTimestamp();
        }
    }

    /// <summary>
    /// The queued requests, waiting when there are none: first a short spin, since at thousands of requests a second
    /// the next one is usually microseconds away and a blocked thread costs a kernel wake-up per request; then a
    /// blocking take.
    /// </summary>
    private IEnumerable<QueuedRequest> Requests(CancellationToken cancellationToken)
    {
        while (true)
        {
            var spinner = default(SpinWait);
            QueuedRequest request;
            while (!_requests.TryTake(out request))
            {
                if (spinner.Count >= SpinsBeforeBlocking)
                {
                    if (!_requests.TryTake(out request, Timeout.Infinite, cancellationToken))
                    {
                        yield break; // no more will come: stopping
                    }

                    break;
                }

                spinner.SpinOnce(sleep1Threshold: -1);
            }

            yield return request;
        }
    }

    private void RequestLoop()
    {
        var socket = _socket!;
        var cancellationToken = _stopping.Token;
        var reply = new ArrayBufferWriter<byte>(ProtocolLimits.MaxDatagramBytes);
        try
        {
            foreach (var request in Requests(cancellationToken))
            {
                try
                {
                    if (_time.GetElapsedTime(request.ReceivedAt) > _options.MaxQueueDelay && _requests.Count >= MinBacklogToShed)
                    {
                        // Waited too long behind a real backlog: shedding it now keeps the requests that are served
                        // fast. A lone slow request (a cold start, one long flush) is still run.
                        Interlocked.Increment(ref _busyReplies);
                        if (_service.WriteBusy(request.Datagram, reply))
                        {
                            socket.SendTo(reply.WrittenSpan, SocketFlags.None, request.Address);
                        }

                        continue;
                    }

                    if (_service.Receive(request.Datagram, request.Remote, reply, request.Verified))
                    {
                        socket.SendTo(reply.WrittenSpan, SocketFlags.None, request.Address);
                    }

                    // Wake the committer once per batch, not once per datagram while a flush runs.
                    if (_service.HasHeldChanges && Interlocked.Exchange(ref _commitRequested, 1) == 0)
                    {
                        _commitSignal.Set();
                    }
                }
                catch (SocketException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogSocketError(_logger, ex.SocketErrorCode.ToString(), ex.Message);
                }
                catch (Exception ex) when (ex is not ObjectDisposedException && !cancellationToken.IsCancellationRequested)
                {
                    LogLoopError(_logger, ex);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(request.Buffer);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Group commit: while one flush runs, further changes pile up and the next flush covers them all. Held
    /// replies go out only after the flush that made their change durable.
    /// </summary>
    private void CommitLoop()
    {
        var socket = _socket!;
        var cancellationToken = _stopping.Token;
        while (!cancellationToken.IsCancellationRequested)
        {
            _commitSignal.WaitOne();
            while (!cancellationToken.IsCancellationRequested)
            {
                // Clear the request (with a full fence) before looking for work, so a change held after the look
                // always wakes this loop again.
                Interlocked.Exchange(ref _commitRequested, 0);
                if (!_service.HasHeldChanges)
                {
                    break;
                }

                try
                {
                    foreach (var reply in _service.CommitHeldChanges())
                    {
                        socket.SendTo(reply.Datagram, SocketFlags.None, reply.Remote);
                    }
                }
                catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogSocketError(_logger, ex.SocketErrorCode.ToString(), ex.Message);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    LogLoopError(_logger, ex);
                }
            }
        }
    }

    /// <summary>The sender as an IPEndPoint and as a SocketAddress of its own (the receive call's is reused).</summary>
    private static (IPEndPoint Remote, SocketAddress Key) RemoteEndPoint(
        Dictionary<SocketAddress, (IPEndPoint Remote, SocketAddress Key)> endPoints, SocketAddress address, IPEndPoint template)
    {
        if (endPoints.TryGetValue(address, out var known))
        {
            return known;
        }

        if (endPoints.Count >= MaxCachedEndPoints)
        {
            endPoints.Clear(); // entries still queued keep their own key and endpoint objects
        }

        var remote = (IPEndPoint)template.Create(address);
        var key = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(key.Buffer.Span);
        endPoints.Add(key, (remote, key));
        return (remote, key);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The kernel dropped {Count} datagrams at the tracker's socket: it reads too slowly")]
    private static partial void LogDatagramsDropped(ILogger logger, long count);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Overloaded: {Count} requests answered Busy (queue of {Capacity} full)")]
    private static partial void LogOverloaded(ILogger logger, long count, int capacity);

    [LoggerMessage(EventId = 6, Level = LogLevel.Critical, Message = "The {Thread} thread failed and stopped")]
    private static partial void LogThreadFailed(ILogger logger, string thread, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "The {Thread} thread ended with an error while stopping")]
    private static partial void LogStopError(ILogger logger, string thread, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "UDP socket bound on {Addresses}, port {Port}")]
    private static partial void LogBound(ILogger logger, string addresses, int port);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Socket error {Code} ignored: {Reason}")]
    private static partial void LogSocketError(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Unexpected error in a socket loop; continuing")]
    private static partial void LogLoopError(ILogger logger, Exception exception);
}
