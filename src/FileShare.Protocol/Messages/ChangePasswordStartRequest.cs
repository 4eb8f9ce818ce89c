using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Asks to change the sender's password.</summary>
[MessagePackObject]
public sealed record ChangePasswordStartRequest : Message;
