using System.Buffers;
using FileShare.Protocol;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;

namespace FileShare.Bench.TrackerLoad;

/// <summary>One simulated peer: its account, and its session token once logged in.</summary>
internal sealed class SimSession
{
    public SimSession(BenchUser user, int localIndex, int fileServerPort)
    {
        User = user;
        LocalIndex = localIndex;
        FileServerPort = fileServerPort;
    }

    public BenchUser User { get; }

    /// <summary>Position among its socket's sessions; heartbeats use it as request id.</summary>
    public int LocalIndex { get; }

    public int FileServerPort { get; }

    /// <summary>Null until logged in.</summary>
    public byte[]? Token { get; private set; }

    /// <summary>The keys of the login, which sign every datagram of the session; null until logged in.</summary>
    public SessionKeys? Keys { get; private set; }

    private long _counter;

    /// <summary>Starts a new login's session.</summary>
    public void LoggedIn(byte[] token, SessionKeys keys)
    {
        Keys = keys;
        Interlocked.Exchange(ref _counter, 0);
        Token = token;
    }

    /// <summary>
    /// A new datagram of the session, signed: every heartbeat is encoded anew, as its counter must rise for the
    /// tracker to count it as a sign of life.
    /// </summary>
    public byte[] Sign(uint requestId, Message message)
    {
        // A reused MAC context and buffer, as the tracker has: the generator shares the 2 cores with the tracker.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(ProtocolLimits.MaxDatagramBytes);
        buffer.ResetWrittenCount();
        MessageCodec.EncodeSigned(new Envelope(requestId, Token, message) { Counter = Interlocked.Increment(ref _counter) }, Keys!.RequestMac, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>Counter for names this session publishes during the run.</summary>
    public int Published { get; set; }
}
