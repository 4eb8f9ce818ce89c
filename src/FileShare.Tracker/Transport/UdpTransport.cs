using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Tracker.Accounts;
using FileShare.Tracker.Dispatch;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Transport;

/// <summary>
/// The UDP socket loops. Only move bytes: a dedicated receive thread takes a datagram, hands it to
/// <see cref="TrackerService"/> and sends back what it returns, with blocking calls (no await and no thread switch per
/// datagram: at tens of thousands of datagrams a second the switches, not the work, were the cost). A commit thread
/// flushes the journal for held changes and sends their replies, so an fsync never stops reads and heartbeats.
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

    private readonly TrackerService _service;
    private readonly CredentialStore _credentials;
    private readonly TrackerOptions _options;
    private readonly ILogger<UdpTransport> _logger;
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly AutoResetEvent _commitSignal = new(initialState: false);
    private Socket? _socket;
    private Task? _loop;
    private Task? _committer;
    private int _commitRequested;

    public UdpTransport(TrackerService service, CredentialStore credentials, IOptions<TrackerOptions> options, ILogger<UdpTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _service = service;
        _credentials = credentials;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Completes with the bound port once the socket is listening.</summary>
    public Task<int> Ready => _ready.Task;

    /// <summary>The bound port (0 before start).</summary>
    public int BoundPort { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        MessageCodec.Prepare(); // the codec's first-use cost is paid before the first datagram, not during it
        try
        {
            _socket = Bind(_options.Port, out var dualMode);
            BoundPort = ((IPEndPoint)_socket.LocalEndPoint!).Port;
            LogBound(_logger, dualMode ? "[::] and 0.0.0.0 (dual mode)" : "0.0.0.0 (IPv6 unavailable)", BoundPort);
        }
        catch (SocketException ex)
        {
            throw new TrackerStartupException($"Cannot listen on UDP port {_options.Port}: {ex.Message}", ex);
        }

        _service.ListeningPort = BoundPort;
        // One receive thread: request handling is serialised by the service's lock, and on the 2-core benchmark box a
        // second thread spinning on that lock took CPU from the first (11,000-34,000 lost requests per run against
        // 1,400-21,000 with one thread).
        _loop = Task.Factory.StartNew(ReceiveLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _committer = Task.Factory.StartNew(CommitLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"FileShare tracker listening on 0.0.0.0:{BoundPort} (UDP), {_credentials.Count} users loaded"));
        Console.Out.Flush();
        _ready.TrySetResult(BoundPort);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        _commitSignal.Set();
        try
        {
            await Task.WhenAll(_loop, _committer ?? Task.CompletedTask).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's stop timeout passed; the loop ends with the process.
        }

        _loop = null;
        _committer = null;
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _stopping.Dispose();
        _commitSignal.Dispose();
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
        var reply = new ArrayBufferWriter<byte>(ProtocolLimits.MaxDatagramBytes);
        var address = new SocketAddress(socket.AddressFamily);
        var endPoints = new Dictionary<SocketAddress, IPEndPoint>();
        var template = socket.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var received = socket.ReceiveFrom(buffer, SocketFlags.None, address);
                var remote = RemoteEndPoint(endPoints, address, template);
                if (_service.Receive(buffer.AsMemory(0, received), remote, reply))
                {
                    socket.SendTo(reply.WrittenSpan, SocketFlags.None, address);
                }

                // Wake the committer once per batch, not once per datagram while a flush runs.
                if (_service.HasHeldChanges && Interlocked.Exchange(ref _commitRequested, 1) == 0)
                {
                    _commitSignal.Set();
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

    private static IPEndPoint RemoteEndPoint(Dictionary<SocketAddress, IPEndPoint> endPoints, SocketAddress address, IPEndPoint template)
    {
        if (endPoints.TryGetValue(address, out var known))
        {
            return known;
        }

        if (endPoints.Count >= MaxCachedEndPoints)
        {
            endPoints.Clear();
        }

        var remote = (IPEndPoint)template.Create(address);
        var key = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(key.Buffer.Span);
        endPoints.Add(key, remote);
        return remote;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "UDP socket bound on {Addresses}, port {Port}")]
    private static partial void LogBound(ILogger logger, string addresses, int port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Socket error {Code} ignored: {Reason}")]
    private static partial void LogSocketError(ILogger logger, string code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in the receive loop; continuing")]
    private static partial void LogLoopError(ILogger logger, Exception exception);
}
