using MessagePack;

namespace FileShare.Protocol.Wire;

/// <summary>A str of at most <paramref name="maxBytes"/> UTF-8 bytes; nil is refused.</summary>
/// <remarks>
/// A named <see cref="MessagePackFormatterAttribute"/>: MessagePack-CSharp finds the formatter of a member through
/// that attribute or any subclass, and creates it with the arguments given here.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class StrAttribute(int maxBytes) : MessagePackFormatterAttribute(typeof(StrFormatter), maxBytes);
