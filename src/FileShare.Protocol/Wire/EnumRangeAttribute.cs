using MessagePack;

namespace FileShare.Protocol.Wire;

/// <summary>An integer within <paramref name="min"/>..<paramref name="max"/>, for an int-backed enum member.</summary>
/// <remarks>
/// A named <see cref="MessagePackFormatterAttribute"/>: MessagePack-CSharp finds the formatter of a member through
/// that attribute or any subclass, and creates it with the arguments given here.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class EnumRangeAttribute<TEnum>(long min, long max) : MessagePackFormatterAttribute(typeof(EnumRangeFormatter<TEnum>), min, max)
    where TEnum : struct, Enum;
