using FileShare.Protocol.Messages;

namespace FileShare.Peer.Core.Tracker;

/// <summary>A request was answered Busy and will be sent again (same request id) after <paramref name="RetryIn"/>.</summary>
/// <param name="RequestType">The request that was refused.</param>
/// <param name="RequestId">Its request id, which the retry keeps.</param>
/// <param name="RetryIn">The wait before the retry, jitter included.</param>
/// <param name="BusyReplies">How many Busy answers this request has had so far (1 on the first).</param>
internal sealed record TrackerBusyNotice(MessageType RequestType, uint RequestId, TimeSpan RetryIn, int BusyReplies);
