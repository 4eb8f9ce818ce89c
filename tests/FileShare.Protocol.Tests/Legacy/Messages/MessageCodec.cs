using System.Buffers;
using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>
/// The hand-written codec of protocol version 1, frozen as it was before the move to MessagePack-CSharp and kept
/// only as the reference of the differential tests. Encodes and decodes control datagrams. A datagram is one MessagePack array:
/// <c>[magic, version, type, requestId, token, body]</c>, described in docs/PROTOCOL.md.
/// </summary>
public static class MessageCodec
{
    /// <summary>The first element of every envelope: "FS" as a 16-bit unsigned integer.</summary>
    public const int Magic = 0x4653;

    /// <summary>The protocol version this library speaks.</summary>
    public const int Version = 1;

    /// <summary>Number of elements in the envelope array.</summary>
    public const int EnvelopeFieldCount = 6;

    /// <summary>Encodes <paramref name="envelope"/> into a new array, checking that it fits one datagram.</summary>
    /// <exception cref="InvalidOperationException">The message is larger than <see cref="ProtocolLimits.MaxDatagramBytes"/>.</exception>
    public static byte[] Encode(Envelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Encode(envelope, buffer);
        if (buffer.WrittenCount > ProtocolLimits.MaxDatagramBytes)
        {
            throw new InvalidOperationException(
                $"{envelope.Message.Type} encodes to {buffer.WrittenCount} bytes, more than one datagram ({ProtocolLimits.MaxDatagramBytes}).");
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes <paramref name="envelope"/> into <paramref name="output"/> without a size check.</summary>
    public static void Encode(Envelope envelope, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(EnvelopeFieldCount);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write((int)envelope.Message.Type);
        writer.Write((long)envelope.RequestId);
        if (envelope.SessionToken is null)
        {
            writer.WriteNil();
        }
        else
        {
            writer.WriteBinary(envelope.SessionToken);
        }

        envelope.Message.WriteBody(ref writer);
    }

    /// <summary>The encoded size of a message in an envelope with a session token.</summary>
    public static int MeasureWithToken(Message message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Encode(new Envelope(uint.MaxValue, new byte[ProtocolLimits.SessionTokenBytes], message), buffer);
        return buffer.WrittenCount;
    }

    /// <summary>Decodes one datagram.</summary>
    /// <exception cref="ProtocolException">
    /// The datagram is not a valid message. <see cref="ProtocolException.RequestId"/> is set when the
    /// envelope was readable far enough to answer, and <see cref="ProtocolException.Code"/> says why.
    /// </exception>
    public static Envelope Decode(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > ProtocolLimits.MaxDatagramBytes)
        {
            throw new ProtocolException($"Datagram of {datagram.Length} bytes exceeds {ProtocolLimits.MaxDatagramBytes}.");
        }

        var reader = new MessagePackReader(datagram);
        var count = reader.ReadArrayHeader();

        // Magic, version, type and request id come first in every version, so a newer envelope with
        // another element count still gets an "unsupported version" answer rather than silence.
        if (count < 4)
        {
            throw new ProtocolException($"Envelope must have {EnvelopeFieldCount} elements, not {count}.");
        }

        if (reader.ReadInt64() != Magic)
        {
            throw new ProtocolException("Not a FileShare datagram (wrong magic).");
        }

        var version = reader.ReadInt64();
        var typeId = reader.ReadInt64(0, 255, "type");
        var requestId = (uint)reader.ReadInt64(0, uint.MaxValue, "requestId");
        if (version != Version)
        {
            throw new ProtocolException($"Unsupported protocol version {version}; this side speaks version {Version}.")
            {
                Code = ErrorCode.UnsupportedVersion,
                RequestId = requestId,
            };
        }

        if (count != EnvelopeFieldCount)
        {
            throw new ProtocolException($"Envelope must have {EnvelopeFieldCount} elements, not {count}.") { RequestId = requestId };
        }

        try
        {
            var token = reader.TryReadNil() ? null : reader.ReadBinary(ProtocolLimits.SessionTokenBytes, "token");
            var message = DecodeBody((MessageType)typeId, ref reader);
            reader.EnsureEnd();
            return new Envelope(requestId, token, message);
        }
        catch (ProtocolException ex) when (ex.RequestId is null)
        {
            throw new ProtocolException(ex.Message, ex) { Code = ex.Code, RequestId = requestId };
        }
    }

    /// <summary>
    /// Reads a well-formed heartbeat with a session token without allocating: at one per peer per second it is by
    /// far the most frequent datagram a tracker gets. Returns false for anything else, malformed heartbeats
    /// included, which <see cref="Decode"/> then reads (and rejects) as usual.
    /// </summary>
    /// <param name="datagram">The datagram as received.</param>
    /// <param name="requestId">The heartbeat's request id.</param>
    /// <param name="token">The session token, a view into <paramref name="datagram"/>.</param>
    public static bool TryReadHeartbeat(ReadOnlySpan<byte> datagram, out uint requestId, out ReadOnlySpan<byte> token)
    {
        requestId = 0;
        token = default;
        if (datagram.Length > ProtocolLimits.MaxDatagramBytes)
        {
            return false;
        }

        try
        {
            var reader = new MessagePackReader(datagram);
            if (reader.ReadArrayHeader() != EnvelopeFieldCount || reader.ReadInt64() != Magic || reader.ReadInt64() != Version
                || reader.ReadInt64() != (long)MessageType.Heartbeat)
            {
                return false;
            }

            var id = (uint)reader.ReadInt64(0, uint.MaxValue, "requestId");
            if (reader.TryReadNil())
            {
                return false;
            }

            var sessionToken = reader.ReadBinarySpan(ProtocolLimits.SessionTokenBytes);
            if (sessionToken.Length != ProtocolLimits.SessionTokenBytes)
            {
                return false;
            }

            reader.SkipValues(reader.ReadRecordHeader(HeartbeatRequest.FieldCount, "Heartbeat"));
            reader.EnsureEnd();
            requestId = id;
            token = sessionToken;
            return true;
        }
        catch (ProtocolException)
        {
            return false;
        }
    }

    private static Message DecodeBody(MessageType type, ref MessagePackReader reader)
    {
        if (!Enum.IsDefined(type))
        {
            reader.Skip();
            throw new ProtocolException($"Unknown message type 0x{(int)type:x2}.") { Code = ErrorCode.UnknownMessageType };
        }

        var fieldCount = reader.ReadArrayHeader();
        var required = RequiredFieldCount(type);
        if (fieldCount < required)
        {
            throw new ProtocolException($"{type} needs {required} body fields, not {fieldCount}.");
        }

        Message message = type switch
        {
            MessageType.DiscoveryProbe => DiscoveryProbe.ReadBody(ref reader),
            MessageType.DiscoveryAnswer => DiscoveryAnswer.ReadBody(ref reader),
            MessageType.AuthStart => AuthStartRequest.ReadBody(ref reader),
            MessageType.AuthChallenge => AuthChallengeReply.ReadBody(ref reader),
            MessageType.AuthProof => AuthProofRequest.ReadBody(ref reader),
            MessageType.AuthSuccess => AuthSuccessReply.ReadBody(ref reader),
            MessageType.Heartbeat => HeartbeatRequest.ReadBody(ref reader),
            MessageType.Leave => LeaveRequest.ReadBody(ref reader),
            MessageType.Publish => PublishRequest.ReadBody(ref reader),
            MessageType.Unpublish => UnpublishRequest.ReadBody(ref reader),
            MessageType.ListMyFiles => ListMyFilesRequest.ReadBody(ref reader),
            MessageType.ListActivePeers => ListActivePeersRequest.ReadBody(ref reader),
            MessageType.Search => SearchRequest.ReadBody(ref reader),
            MessageType.GetFile => GetFileRequest.ReadBody(ref reader),
            MessageType.Rename => RenameRequest.ReadBody(ref reader),
            MessageType.ListPeerAddresses => ListPeerAddressesRequest.ReadBody(ref reader),
            MessageType.RegisterStart => RegisterStartRequest.ReadBody(ref reader),
            MessageType.RegisterChallenge => RegisterChallengeReply.ReadBody(ref reader),
            MessageType.RegisterFinish => RegisterFinishRequest.ReadBody(ref reader),
            MessageType.ChangePasswordStart => ChangePasswordStartRequest.ReadBody(ref reader),
            MessageType.ChangePasswordChallenge => ChangePasswordChallengeReply.ReadBody(ref reader),
            MessageType.ChangePasswordFinish => ChangePasswordFinishRequest.ReadBody(ref reader),
            MessageType.Ok => OkReply.ReadBody(ref reader),
            MessageType.Error => ErrorReply.ReadBody(ref reader),
            MessageType.NameList => NameListReply.ReadBody(ref reader),
            MessageType.FileCandidates => FileCandidatesReply.ReadBody(ref reader),
            MessageType.PeerList => PeerListReply.ReadBody(ref reader),
            _ => throw new ProtocolException($"Unknown message type 0x{(int)type:x2}.") { Code = ErrorCode.UnknownMessageType },
        };

        // Extra trailing body fields are skipped so a newer minor revision can add fields at the end.
        reader.SkipValues(fieldCount - required);

        return message;
    }

    private static int RequiredFieldCount(MessageType type) => type switch
    {
        MessageType.DiscoveryProbe => DiscoveryProbe.FieldCount,
        MessageType.DiscoveryAnswer => DiscoveryAnswer.FieldCount,
        MessageType.AuthStart => AuthStartRequest.FieldCount,
        MessageType.AuthChallenge => AuthChallengeReply.FieldCount,
        MessageType.AuthProof => AuthProofRequest.FieldCount,
        MessageType.AuthSuccess => AuthSuccessReply.FieldCount,
        MessageType.Heartbeat => HeartbeatRequest.FieldCount,
        MessageType.Leave => LeaveRequest.FieldCount,
        MessageType.Publish => PublishRequest.FieldCount,
        MessageType.Unpublish => UnpublishRequest.FieldCount,
        MessageType.ListMyFiles => ListMyFilesRequest.FieldCount,
        MessageType.ListActivePeers => ListActivePeersRequest.FieldCount,
        MessageType.Search => SearchRequest.FieldCount,
        MessageType.GetFile => GetFileRequest.FieldCount,
        MessageType.Rename => RenameRequest.FieldCount,
        MessageType.ListPeerAddresses => ListPeerAddressesRequest.FieldCount,
        MessageType.RegisterStart => RegisterStartRequest.FieldCount,
        MessageType.RegisterChallenge => RegisterChallengeReply.FieldCount,
        MessageType.RegisterFinish => RegisterFinishRequest.FieldCount,
        MessageType.ChangePasswordStart => ChangePasswordStartRequest.FieldCount,
        MessageType.ChangePasswordChallenge => ChangePasswordChallengeReply.FieldCount,
        MessageType.ChangePasswordFinish => ChangePasswordFinishRequest.FieldCount,
        MessageType.Ok => OkReply.FieldCount,
        MessageType.Error => ErrorReply.FieldCount,
        MessageType.NameList => NameListReply.FieldCount,
        MessageType.FileCandidates => FileCandidatesReply.FieldCount,
        MessageType.PeerList => PeerListReply.FieldCount,
        _ => throw new ProtocolException($"Unknown message type 0x{(int)type:x2}.") { Code = ErrorCode.UnknownMessageType },
    };
}
