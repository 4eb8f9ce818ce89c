using FileShare.Protocol.Security;

namespace FileShare.Bench.TrackerLoad;

/// <summary>A simulated account: the credentials line the tracker loads and the client keys the load generator proves with.</summary>
internal sealed record BenchUser(string Name, string CredentialLine, ScramKeys Keys);
