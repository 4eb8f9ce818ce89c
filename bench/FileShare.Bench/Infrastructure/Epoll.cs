using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace FileShare.Bench.Infrastructure;

/// <summary>
/// Level-triggered epoll over many sockets (Linux). A worker that owns thousands of client sockets sleeps in
/// <c>epoll_wait</c> and reads only the readable ones: asking each socket in turn (one ioctl each) would cost ~20 ms a
/// sweep at 10,000 sockets.
/// </summary>
internal sealed partial class Epoll : IDisposable
{
    private const int CtlAdd = 1;
    private const uint EventIn = 0x001;

    // struct epoll_event is packed on x86-64 (12 bytes, data at offset 4) and naturally aligned elsewhere (16, at 8).
    private static readonly int s_eventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int s_dataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private readonly int _fd;
    private readonly byte[] _events;
    private bool _disposed;

    public Epoll(int maxEvents)
    {
        _fd = epoll_create1(0);
        if (_fd < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
        }

        _events = new byte[maxEvents * s_eventSize];
    }

    /// <summary>Watches <paramref name="socket"/> for input; <paramref name="data"/> comes back with each event.</summary>
    public void Add(Socket socket, int data)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var fd = (int)socket.Handle;
        var entry = new byte[s_eventSize];
        BinaryPrimitives.WriteUInt32LittleEndian(entry, EventIn);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(s_dataOffset), (ulong)data);
        if (epoll_ctl(_fd, CtlAdd, fd, entry) != 0)
        {
            throw new InvalidOperationException($"epoll_ctl ADD fd {fd} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/>; returns how many sockets are readable.</summary>
    public int Wait(int timeoutMilliseconds)
    {
        var ready = epoll_wait(_fd, _events, _events.Length / s_eventSize, timeoutMilliseconds);
        return Math.Max(0, ready); // EINTR and the like: nothing ready this round
    }

    /// <summary>The <c>data</c> of the <paramref name="index"/>-th event of the last <see cref="Wait"/>.</summary>
    public int DataAt(int index) => (int)BinaryPrimitives.ReadUInt64LittleEndian(_events.AsSpan((index * s_eventSize) + s_dataOffset));

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _ = close(_fd);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, [In] byte[] eventData);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_wait(int epfd, [Out] byte[] events, int maxEvents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
