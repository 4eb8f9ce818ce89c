using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Authentication;

/// <summary>A ChangePasswordChallenge issued to one session, good for one ChangePasswordFinish.</summary>
/// <param name="Nonce">The nonce the proof must sign.</param>
/// <param name="Session">The session it was issued to (the finish must come with the same session).</param>
/// <param name="NewSalt">Salt for the new password.</param>
/// <param name="NewIterations">Iterations for the new password.</param>
/// <param name="ExpiresAt">When the nonce stops being accepted.</param>
internal sealed record PendingPasswordChange(string Nonce, Session Session, byte[] NewSalt, int NewIterations, DateTimeOffset ExpiresAt);
