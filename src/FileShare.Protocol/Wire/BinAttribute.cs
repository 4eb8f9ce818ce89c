using MessagePack;

namespace FileShare.Protocol.Wire;

/// <summary>A bin of exactly <paramref name="bytes"/> bytes.</summary>
/// <remarks>
/// A named <see cref="MessagePackFormatterAttribute"/>: MessagePack-CSharp finds the formatter of a member through
/// that attribute or any subclass, and creates it with the arguments given here.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class BinAttribute(int bytes) : MessagePackFormatterAttribute(typeof(BinFormatter), bytes, bytes);
