using System.Collections.Concurrent;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;

namespace FileShare.Tracker.Tests.Support;

/// <summary>The keys and counters of the sessions test clients logged in, by token, as a peer keeps them.</summary>
internal static class TestSigners
{
    private static readonly ConcurrentDictionary<string, Signer> ByToken = new();

    /// <summary>Keys no tracker ever derived: what a sniffer who has only the token can sign with.</summary>
    public static SessionKeys ForgerKeys { get; } = SessionKeys.Derive(new byte[32], new byte[32], "forger");

    /// <summary>Whether a request of <paramref name="type"/> belongs to a session, so a peer signs it.</summary>
    public static bool BelongsToSession(MessageType type) => type is not (MessageType.DiscoveryProbe or MessageType.AuthStart
        or MessageType.AuthProof or MessageType.RegisterStart or MessageType.RegisterFinish);

    public static void Add(byte[] token, SessionKeys keys) => ByToken[Convert.ToBase64String(token)] = new Signer(keys);

    /// <summary>The signer of a token a login here got, or one with forged keys for any other token.</summary>
    public static Signer For(byte[] token) => ByToken.GetOrAdd(Convert.ToBase64String(token), _ => new Signer(ForgerKeys));

    /// <summary>Decodes a reply; a signed one must carry a right MAC for its session.</summary>
    public static Envelope Open(byte[] reply)
    {
        var envelope = MessageCodec.Decode(reply);
        if (envelope.IsSigned)
        {
            Assert.True(SessionMac.Verify(For(envelope.SessionToken!).Keys.ReplyKey, reply), "a signed reply must verify with its session's reply key");
        }

        return envelope;
    }

    internal sealed class Signer(SessionKeys keys)
    {
        private long _counter;

        public SessionKeys Keys { get; } = keys;

        public long NextCounter() => Interlocked.Increment(ref _counter);
    }
}
