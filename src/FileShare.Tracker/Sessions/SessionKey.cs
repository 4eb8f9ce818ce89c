using System.Buffers.Binary;
using FileShare.Protocol;

namespace FileShare.Tracker.Sessions;

/// <summary>A 16-byte session token as a dictionary key that needs no allocation to look up.</summary>
internal readonly record struct SessionKey(ulong High, ulong Low)
{
    public static bool TryCreate(ReadOnlySpan<byte> token, out SessionKey key)
    {
        if (token.Length != ProtocolLimits.SessionTokenBytes)
        {
            key = default;
            return false;
        }

        key = new SessionKey(BinaryPrimitives.ReadUInt64LittleEndian(token), BinaryPrimitives.ReadUInt64LittleEndian(token[8..]));
        return true;
    }
}
