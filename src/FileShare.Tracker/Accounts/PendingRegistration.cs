using System.Net;

namespace FileShare.Tracker.Accounts;

/// <summary>A salt issued by RegisterStart, good for one RegisterFinish from the same endpoint for the same name.</summary>
/// <param name="Source">The endpoint the RegisterStart came from.</param>
/// <param name="UserName">The name asked for.</param>
/// <param name="Salt">The salt issued.</param>
/// <param name="Iterations">The iterations issued.</param>
/// <param name="ExpiresAt">When the salt stops being accepted.</param>
internal sealed record PendingRegistration(IPEndPoint Source, string UserName, byte[] Salt, int Iterations, DateTimeOffset ExpiresAt);
