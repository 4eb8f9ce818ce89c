using System.Net;
using FileShare.Protocol.Messages;

namespace FileShare.Tracker.Dispatch;

/// <summary>Identifies a request for the reply cache: who sent it, its id, and its type.</summary>
internal readonly record struct ReplyKey(IPEndPoint Remote, uint RequestId, MessageType Type);
