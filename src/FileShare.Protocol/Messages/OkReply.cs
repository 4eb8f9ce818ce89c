using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Generic success.</summary>
[MessagePackObject]
public sealed record OkReply : Message;
