using MessagePack;

namespace FileShare.Protocol.Wire;

/// <summary>An integer within <paramref name="min"/>..<paramref name="max"/>, for an <see cref="int"/> member.</summary>
/// <remarks>
/// A named <see cref="MessagePackFormatterAttribute"/>: MessagePack-CSharp finds the formatter of a member through
/// that attribute or any subclass, and creates it with the arguments given here.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class Int32RangeAttribute(long min, long max) : MessagePackFormatterAttribute(typeof(Int32RangeFormatter), min, max);
