using System.Reflection;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace FileShare.Protocol.Wire;

/// <summary>
/// The resolver of every wire type: each <c>[MessagePackObject]</c> record gets the formatter MessagePack-CSharp
/// generates for it, wrapped in <see cref="RecordFormatter{T}"/>; anything else comes from the standard resolver.
/// </summary>
internal sealed class WireResolver : IFormatterResolver
{
    public static readonly WireResolver Instance = new();

    private WireResolver()
    {
    }

    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

    private static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Formatter = Create();

        private static IMessagePackFormatter<T>? Create()
        {
            var type = typeof(T);
            if (!type.IsAbstract && type.GetCustomAttribute<MessagePackObjectAttribute>() is not null)
            {
                var generated = DynamicObjectResolver.Instance.GetFormatter<T>()
                    ?? throw new InvalidOperationException($"MessagePack-CSharp generated no formatter for {type}.");
                return new RecordFormatter<T>(generated);
            }

            return StandardResolver.Instance.GetFormatter<T>();
        }
    }
}
