namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>Writes something with a <see cref="RawWriter"/>.</summary>
public delegate void WriteAction(RawWriter writer);
