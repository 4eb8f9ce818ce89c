namespace FileShare.Tracker.Sessions;

/// <summary>Answers whether a user is active right now; lets the index filter by presence without knowing about sessions.</summary>
internal interface IPresence
{
    bool IsActive(string userName);
}
