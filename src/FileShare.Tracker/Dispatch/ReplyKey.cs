using System.Net;
using FileShare.Protocol.Messages;

namespace FileShare.Tracker.Dispatch;

/// <summary>
/// Identifies a request for the reply cache (PROTOCOL.md §6): who sent it, its id, its type, and a signed request's
/// counter (null for version 1). Only an exact retransmission matches all four.
/// </summary>
internal readonly record struct ReplyKey(IPEndPoint Remote, uint RequestId, MessageType Type, long? Counter = null);
