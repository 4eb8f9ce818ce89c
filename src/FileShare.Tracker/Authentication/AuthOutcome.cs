using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;

namespace FileShare.Tracker.Authentication;

/// <summary>The result of checking a client proof: either the verified user and the session's keys, or the error to send.</summary>
internal sealed record AuthOutcome(string? UserName, int FileServerPort, byte[]? ServerSignature, SessionKeys? Keys, ErrorReply? Error)
{
    public bool Succeeded => Error is null;

    public static AuthOutcome Success(string userName, int fileServerPort, byte[] serverSignature, SessionKeys keys) =>
        new(userName, fileServerPort, serverSignature, keys, null);

    public static AuthOutcome Failure(string? userName, ErrorReply error) => new(userName, 0, null, null, error);
}
