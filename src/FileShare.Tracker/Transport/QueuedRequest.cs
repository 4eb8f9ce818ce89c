using System.Buffers;
using System.Net;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Transport;

/// <summary>A datagram waiting for a request worker: a pooled copy of its bytes and where it came from.</summary>
/// <param name="Buffer">Rented from <see cref="ArrayPool{T}.Shared"/>; the worker returns it.</param>
/// <param name="Length">Bytes of the datagram in <paramref name="Buffer"/>.</param>
/// <param name="Remote">The sender.</param>
/// <param name="Address">The sender as a socket address, for an allocation-free reply.</param>
/// <param name="ReceivedAt">When it was read from the socket (a <see cref="TimeProvider.GetTimestamp"/> value).</param>
/// <param name="Verified">The session whose MAC the receive thread checked, or null.</param>
internal readonly record struct QueuedRequest(byte[] Buffer, int Length, IPEndPoint Remote, SocketAddress Address, long ReceivedAt, Session? Verified)
{
    public ReadOnlyMemory<byte> Datagram => Buffer.AsMemory(0, Length);
}
