using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>Asks to create an account; the tracker answers with a fresh salt.</summary>
/// <param name="UserName">Wanted account name.</param>
[MessagePackObject]
public sealed record RegisterStartRequest(
    [property: Key(0), Str(ProtocolLimits.MaxUserNameBytes)] string UserName) : Message;
