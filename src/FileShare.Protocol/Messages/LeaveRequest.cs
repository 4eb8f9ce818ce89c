using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Ends the session at once (xit).</summary>
[MessagePackObject]
public sealed record LeaveRequest : Message;
