using MessagePack;

namespace FileShare.Protocol.Wire;

/// <summary>An array of at most 256 records, each read by the strict resolver.</summary>
/// <remarks>
/// A named <see cref="MessagePackFormatterAttribute"/>: MessagePack-CSharp finds the formatter of a member through
/// that attribute or any subclass, and creates it with the arguments given here.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class RecordListAttribute<T>() : MessagePackFormatterAttribute(typeof(RecordListFormatter<T>));
