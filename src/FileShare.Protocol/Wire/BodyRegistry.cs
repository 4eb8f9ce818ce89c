using System.Collections.Frozen;
using System.Reflection;
using FileShare.Protocol.Messages;
using MessagePack;

namespace FileShare.Protocol.Wire;

/// <summary>Type id to body record and back, built once from the <c>[Union]</c> attributes on <see cref="Message"/>.</summary>
internal static class BodyRegistry
{
    private static readonly BodyCodec?[] ById = new BodyCodec?[256];
    private static readonly FrozenDictionary<Type, BodyCodec> ByType = Build();

    public static BodyCodec Of(Type type) =>
        ByType.TryGetValue(type, out var codec) ? codec : throw new ArgumentException($"{type} has no [Union] type id on Message.", nameof(type));

    public static IEnumerable<BodyCodec> All => ByType.Values;

    public static bool TryGet(MessageType type, out BodyCodec codec)
    {
        codec = ById[(byte)type]!;
        return codec is not null;
    }

    private static FrozenDictionary<Type, BodyCodec> Build()
    {
        var byType = new Dictionary<Type, BodyCodec>();
        foreach (var union in typeof(Message).GetCustomAttributes<UnionAttribute>())
        {
            var codec = (BodyCodec)Activator.CreateInstance(typeof(BodyCodec<>).MakeGenericType(union.SubType), (MessageType)union.Key)!;
            ById[union.Key] = codec;
            byType[union.SubType] = codec;
        }

        return byType.ToFrozenDictionary();
    }
}
