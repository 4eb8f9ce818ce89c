using System.Net;

namespace FileShare.Peer.Core.Tracker;

/// <summary>A tracker that answered a discovery probe.</summary>
/// <param name="EndPoint">Where it answered from (its address) with the port it announced.</param>
/// <param name="Name">The name it announced.</param>
internal sealed record DiscoveredTracker(IPEndPoint EndPoint, string Name);
