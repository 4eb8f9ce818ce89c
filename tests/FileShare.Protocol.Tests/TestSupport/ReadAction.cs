using FileShare.Protocol.MessagePack;

namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>Reads something with a MessagePack reader and returns it boxed.</summary>
public delegate object? ReadAction(ref MessagePackReader reader);
