using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Keeps the session active. Not answered, except by an error when the session is unknown.</summary>
[MessagePackObject]
public sealed record HeartbeatRequest : Message;
