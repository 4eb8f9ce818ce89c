using System.Net.Sockets;

namespace FileShare.Peer.Core.Transfers;

/// <summary>
/// Sends a range of a file on a socket with <see cref="Socket.SendPacketsAsync(SocketAsyncEventArgs)"/>, which
/// the runtime maps to sendfile(2) on Linux: the bytes go from the page cache to the socket without a copy
/// through user memory.
/// </summary>
internal static class SocketFileSender
{
    public static Task SendAsync(Socket socket, FileStream file, long offset, int count)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var args = new SocketAsyncEventArgs
        {
            SendPacketsElements = [new SendPacketsElement(file, offset, count, endOfPacket: false)],
        };
        args.Completed += (_, e) => Complete(e, completion);
        if (!socket.SendPacketsAsync(args))
        {
            Complete(args, completion);
        }

        return completion.Task;
    }

    private static void Complete(SocketAsyncEventArgs args, TaskCompletionSource completion)
    {
        if (args.SocketError == SocketError.Success)
        {
            completion.TrySetResult();
        }
        else
        {
            completion.TrySetException(new SocketException((int)args.SocketError));
        }

        args.Dispose();
    }
}
