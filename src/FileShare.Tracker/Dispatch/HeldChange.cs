namespace FileShare.Tracker.Dispatch;

/// <summary>A change written to the journal whose reply waits for the flush; <paramref name="Apply"/> updates the index after it.</summary>
internal sealed record HeldChange(ReplyKey Key, ReplyTo ReplyTo, string User, Action Apply);
