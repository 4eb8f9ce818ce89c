using System.Net;
using System.Net.Sockets;

namespace FileShare.Bench.Transfer;

/// <summary>
/// The baseline: a file copied over loopback TCP by a minimal sender and receiver with the same buffer size and
/// file options as the peer's file server and downloader, but no protocol, no hashing and no tracker.
/// </summary>
internal static class RawCopy
{
    public static async Task CopyAsync(string source, string destination, int bufferBytes, bool flushToDisk, CancellationToken cancellationToken)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var sender = SendAsync(listener, source, bufferBytes, cancellationToken);
        await ReceiveAsync((IPEndPoint)listener.LocalEndPoint!, destination, bufferBytes, flushToDisk, cancellationToken).ConfigureAwait(false);
        await sender.ConfigureAwait(false);
    }

    private static async Task SendAsync(Socket listener, string source, int bufferBytes, CancellationToken cancellationToken)
    {
        using var socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
        socket.NoDelay = true;
        await using var network = new NetworkStream(socket, ownsSocket: false);
        await using var file = new FileStream(
            source, FileMode.Open, FileAccess.Read, System.IO.FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var buffer = new byte[bufferBytes];
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await network.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        socket.Shutdown(SocketShutdown.Send);
    }

    private static async Task ReceiveAsync(
        IPEndPoint endPoint, string destination, int bufferBytes, bool flushToDisk, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        await using var network = new NetworkStream(socket, ownsSocket: false);
        await using var file = new FileStream(
            destination, FileMode.Create, FileAccess.ReadWrite, System.IO.FileShare.None, 1, FileOptions.Asynchronous);
        var buffer = new byte[bufferBytes];
        int read;
        while ((read = await network.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        if (flushToDisk)
        {
            file.Flush(flushToDisk: true);
        }
    }
}
