using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Renames one of the sender's publications.</summary>
/// <param name="OldName">Current name.</param>
/// <param name="NewName">New name.</param>
[MessagePackObject]
public sealed record RenameRequest(
    [property: Key(0), Str(ProtocolLimits.MaxFileNameBytes)] string OldName,
    [property: Key(1), Str(ProtocolLimits.MaxFileNameBytes)] string NewName) : Message;
