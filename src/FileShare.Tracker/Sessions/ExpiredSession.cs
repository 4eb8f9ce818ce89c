namespace FileShare.Tracker.Sessions;

/// <summary>A session that timed out, and how long it had been silent when that was noticed.</summary>
internal readonly record struct ExpiredSession(string UserName, TimeSpan Silence);
