using FileShare.Protocol.Messages;
using MessagePack;

namespace FileShare.Tracker.Dispatch;

/// <summary>A reply body from a message record, through the library's formatter.</summary>
internal readonly struct RecordReplyBody(Message message) : IReplyBody
{
    public MessageType Type => message.Type;

    public void Write(ref MessagePackWriter writer) => ReplyEncoder.WriteBody(ref writer, message);
}
