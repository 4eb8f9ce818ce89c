namespace FileShare.Protocol.Wire;

/// <summary>
/// Marks a trailing record field added after version 1's first release (PROTOCOL.md §18): a reader accepts the
/// record without it (the field takes its default), and a writer leaves it out while it holds its default, so the
/// bytes of every message that does not use it stay those of version 1.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OptionalAttribute : Attribute;
