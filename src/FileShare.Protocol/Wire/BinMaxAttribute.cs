using MessagePack;

namespace FileShare.Protocol.Wire;

/// <summary>A bin of at most <paramref name="maxBytes"/> bytes.</summary>
/// <remarks>
/// A named <see cref="MessagePackFormatterAttribute"/>: MessagePack-CSharp finds the formatter of a member through
/// that attribute or any subclass, and creates it with the arguments given here.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class BinMaxAttribute(int maxBytes) : MessagePackFormatterAttribute(typeof(BinFormatter), 0, maxBytes);
