using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FileShare.Tracker.Accounts;
using FileShare.Tracker.Dispatch;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Transport;

/// <summary>
/// The UDP socket loop. Only moves bytes: receive a datagram, hand it to <see cref="TrackerService"/>, send back
/// what it returns. Binds a dual-mode IPv6 socket on [::]:PORT (reaching IPv4 peers too), or 0.0.0.0:PORT where
/// IPv6 is unavailable, and prints the ready line once bound.
/// </summary>
internal sealed partial class UdpTransport : IHostedService, IDisposable
{
    /// <summary>Large enough that an oversized datagram arrives whole and is rejected by size, not silently cut.</summary>
    private const int ReceiveBufferBytes = 65_536;

    private readonly TrackerService _service;
    private readonly CredentialStore _credentials;
    private readonly TrackerOptions _options;
    private readonly ILogger<UdpTransport> _logger;
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Task? _loop;

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
        _loop = Task.Run(() => ReceiveLoopAsync(_stopping.Token), CancellationToken.None);
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
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's stop timeout passed; the loop ends with the process.
        }

        _loop = null;
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _stopping.Dispose();
    }

    private static Socket Bind(int port, out bool dualMode)
    {
        if (Socket.OSSupportsIPv6)
        {
            var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            try
            {
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

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var socket = _socket!;
        var buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferBytes, pinned: true);
        EndPoint any = socket.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
                var remote = (IPEndPoint)received.RemoteEndPoint;
                var reply = _service.Handle(buffer.AsSpan(0, received.ReceivedBytes), remote);
                if (reply is not null)
                {
                    await socket.SendToAsync(reply, SocketFlags.None, remote, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException ex) when (!cancellationToken.IsCancellationRequested)
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

    [LoggerMessage(Level = LogLevel.Information, Message = "UDP socket bound on {Addresses}, port {Port}")]
    private static partial void LogBound(ILogger logger, string addresses, int port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Socket error {Code} ignored: {Reason}")]
    private static partial void LogSocketError(ILogger logger, string code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in the receive loop; continuing")]
    private static partial void LogLoopError(ILogger logger, Exception exception);
}
