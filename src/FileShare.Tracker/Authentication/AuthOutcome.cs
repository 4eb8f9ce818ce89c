using FileShare.Protocol.Messages;

namespace FileShare.Tracker.Authentication;

/// <summary>The result of checking a client proof: either the verified user, or the error to send.</summary>
internal sealed record AuthOutcome(string? UserName, int FileServerPort, byte[]? ServerSignature, ErrorReply? Error)
{
    public bool Succeeded => Error is null;

    public static AuthOutcome Success(string userName, int fileServerPort, byte[] serverSignature) =>
        new(userName, fileServerPort, serverSignature, null);

    public static AuthOutcome Failure(string? userName, ErrorReply error) => new(userName, 0, null, error);
}
