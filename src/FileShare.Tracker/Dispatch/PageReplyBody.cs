using FileShare.Protocol.Messages;
using MessagePack;

namespace FileShare.Tracker.Dispatch;

/// <summary>A reply body straight from a built page (NameList, PeerList or FileCandidates), with no record behind it.</summary>
internal readonly struct PageReplyBody(MessageType type, ReplyPageWriter page, bool more) : IReplyBody
{
    public MessageType Type => type;

    public void Write(ref MessagePackWriter writer) => page.WriteBody(ref writer, more);
}
