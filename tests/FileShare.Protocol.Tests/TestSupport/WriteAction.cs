using FileShare.Protocol.MessagePack;

namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>Writes something with a MessagePack writer (a ref struct, so no Action&lt;T&gt;).</summary>
public delegate void WriteAction(MessagePackWriter writer);
