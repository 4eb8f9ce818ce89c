using System.Net;

namespace FileShare.Peer.Core.Hosting;

/// <summary>The tracker this peer talks to, found by the command line or by discovery.</summary>
/// <param name="EndPoint">Its UDP address and port.</param>
/// <param name="Name">How to call it in messages.</param>
internal sealed record TrackerEndpoint(IPEndPoint EndPoint, string Name);
