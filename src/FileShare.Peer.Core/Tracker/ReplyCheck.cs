using FileShare.Protocol.Messages;
using FileShare.Protocol.Security;

namespace FileShare.Peer.Core.Tracker;

/// <summary>
/// Which replies a waiting request accepts (PROTOCOL.md §5.4): a reply signed with the session's reply key and the
/// request's counter; unsigned, only an Error saying the session or the request is not acceptable (NotAuthenticated,
/// BadRequest, UnsupportedVersion: the tracker cannot sign for a session it does not have) or that it was not run
/// (Busy, unsigned so shedding load stays cheap). None of these carries anything a forger could use beyond what
/// dropping the datagram would do. A request sent before login accepts any reply, except
/// that a login's proof expects its AuthSuccess signed with counter 0.
/// </summary>
/// <param name="ReplyKey">The key replies are signed with, or null before a session exists.</param>
/// <param name="Counter">The counter the reply must carry.</param>
/// <param name="Signed">Whether the request itself was signed.</param>
internal readonly record struct ReplyCheck(byte[]? ReplyKey, long Counter, bool Signed)
{
    /// <summary>Any reply (discovery, registration, login start).</summary>
    public static ReplyCheck None => default;

    /// <summary>True when <paramref name="envelope"/>, decoded from <paramref name="datagram"/>, may answer the request.</summary>
    public bool Accepts(Envelope envelope, ReadOnlySpan<byte> datagram)
    {
        if (envelope.Counter is { } counter)
        {
            return ReplyKey is not null && counter == Counter && SessionMac.Verify(ReplyKey, datagram);
        }

        return !Signed || envelope.Message is ErrorReply { Code: ErrorCode.NotAuthenticated or ErrorCode.BadRequest or ErrorCode.UnsupportedVersion or ErrorCode.Busy };
    }
}
