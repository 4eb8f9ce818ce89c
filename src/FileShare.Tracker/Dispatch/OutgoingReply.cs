using System.Net;

namespace FileShare.Tracker.Dispatch;

/// <summary>A reply datagram and where it goes.</summary>
internal readonly record struct OutgoingReply(IPEndPoint Remote, byte[] Datagram);
