using System.Net;
using FileShare.Protocol.Security;

namespace FileShare.Tracker.Authentication;

/// <summary>A SCRAM exchange between challenge and proof. <see cref="Credential"/> is null for an unknown user.</summary>
internal sealed record PendingExchange(
    string UserName,
    string ClientNonce,
    string CombinedNonce,
    byte[] Salt,
    int Iterations,
    ScramCredential? Credential,
    IPAddress Source,
    int FileServerPort,
    DateTimeOffset ExpiresAt);
