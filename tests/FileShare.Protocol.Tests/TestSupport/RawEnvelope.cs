using FileShare.Protocol.Messages;

namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>Builds envelopes by hand, so tests can produce what <see cref="MessageCodec"/> never would.</summary>
public static class RawEnvelope
{
    public static byte[] Build(MessageType type, WriteAction body, uint requestId = 42, byte[]? token = null) =>
        Build(MessageCodec.Magic, MessageCodec.Version, (long)type, requestId, token, body);

    public static byte[] Build(long magic, long version, long type, long requestId, byte[]? token, WriteAction body) =>
        Bytes.Write(w =>
        {
            w.WriteArrayHeader(MessageCodec.EnvelopeFieldCount);
            w.Write(magic);
            w.Write(version);
            w.Write(type);
            w.Write(requestId);
            if (token is null)
            {
                w.WriteNil();
            }
            else
            {
                w.WriteBinary(token);
            }

            body(w);
        });
}
