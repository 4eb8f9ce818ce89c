using FileShare.Protocol.Messages;
using MessagePack;

namespace FileShare.Tracker.Dispatch;

/// <summary>The body of a reply datagram, written by <see cref="ReplyDatagram.Write"/> after the envelope head.</summary>
internal interface IReplyBody
{
    /// <summary>The body's message type, for the envelope head.</summary>
    MessageType Type { get; }

    void Write(ref MessagePackWriter writer);
}
