using FileShare.Protocol.Messages;

namespace FileShare.Peer.Core.Tracker;

/// <summary>A request waiting for its reply, and which replies it accepts.</summary>
internal sealed record PendingRequest(TaskCompletionSource<Envelope> Reply, ReplyCheck Check);
