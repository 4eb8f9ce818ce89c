using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;
using FileShare.Tracker.Sessions;

namespace FileShare.Tracker.Tests.Support;

/// <summary>Sessions for tests that are not about keys: fixed keys, and a signed heartbeat to stamp with.</summary>
internal static class SessionTestExtensions
{
    private static long _counter;

    /// <summary>Keys derived from fixed material, the same for every test session.</summary>
    public static SessionKeys TestKeys { get; } = SessionKeys.Derive(new byte[32], new byte[32], "n=test,r=a,r=ab,s=AAAA,i=4096,c=biws,r=ab");

    public static Session Start(this SessionRegistry sessions, string userName, string address, int fileServerPort)
    {
        var session = sessions.Start(userName, address, fileServerPort, TestKeys);
        TestSigners.Add(session.Token, TestKeys); // so the harness signs this session's requests as its peer would
        return session;
    }

    /// <summary>What the receive thread does with a genuine signed heartbeat of <paramref name="session"/>.</summary>
    public static bool Stamp(this SessionRegistry sessions, Session session)
    {
        var counter = Interlocked.Increment(ref _counter);
        var datagram = MessageCodec.EncodeSigned(
            new Envelope(1, session.Token, new HeartbeatRequest()) { Counter = counter }, session.Keys.RequestKey);
        return sessions.Verify(session.Token, counter, datagram, out _) is not null;
    }
}
