using System.Net;
using FileShare.Protocol.Messages;

namespace FileShare.Peer.Tests.Tracker;

/// <summary>One datagram the peer sent to the <see cref="FakeTracker"/>.</summary>
/// <param name="Envelope">It, decoded.</param>
/// <param name="Datagram">Its bytes.</param>
/// <param name="From">Where it came from.</param>
internal sealed record ReceivedDatagram(Envelope Envelope, byte[] Datagram, IPEndPoint From);
