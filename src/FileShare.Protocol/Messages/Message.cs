using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>
/// A control message: a positional <c>[MessagePackObject]</c> record whose <c>[Key(n)]</c> fields are its body
/// array. The <c>[Union]</c> list below is the one table of wire type ids; the envelope formatter dispatches on it
/// (MessagePack-CSharp's own union shape, <c>[key, body]</c>, is not the wire format).
/// </summary>
[Union((int)MessageType.DiscoveryProbe, typeof(DiscoveryProbe))]
[Union((int)MessageType.DiscoveryAnswer, typeof(DiscoveryAnswer))]
[Union((int)MessageType.AuthStart, typeof(AuthStartRequest))]
[Union((int)MessageType.AuthChallenge, typeof(AuthChallengeReply))]
[Union((int)MessageType.AuthProof, typeof(AuthProofRequest))]
[Union((int)MessageType.AuthSuccess, typeof(AuthSuccessReply))]
[Union((int)MessageType.Heartbeat, typeof(HeartbeatRequest))]
[Union((int)MessageType.Leave, typeof(LeaveRequest))]
[Union((int)MessageType.Publish, typeof(PublishRequest))]
[Union((int)MessageType.Unpublish, typeof(UnpublishRequest))]
[Union((int)MessageType.ListMyFiles, typeof(ListMyFilesRequest))]
[Union((int)MessageType.ListActivePeers, typeof(ListActivePeersRequest))]
[Union((int)MessageType.Search, typeof(SearchRequest))]
[Union((int)MessageType.GetFile, typeof(GetFileRequest))]
[Union((int)MessageType.Rename, typeof(RenameRequest))]
[Union((int)MessageType.ListPeerAddresses, typeof(ListPeerAddressesRequest))]
[Union((int)MessageType.RegisterStart, typeof(RegisterStartRequest))]
[Union((int)MessageType.RegisterChallenge, typeof(RegisterChallengeReply))]
[Union((int)MessageType.RegisterFinish, typeof(RegisterFinishRequest))]
[Union((int)MessageType.ChangePasswordStart, typeof(ChangePasswordStartRequest))]
[Union((int)MessageType.ChangePasswordChallenge, typeof(ChangePasswordChallengeReply))]
[Union((int)MessageType.ChangePasswordFinish, typeof(ChangePasswordFinishRequest))]
[Union((int)MessageType.Ok, typeof(OkReply))]
[Union((int)MessageType.Error, typeof(ErrorReply))]
[Union((int)MessageType.NameList, typeof(NameListReply))]
[Union((int)MessageType.FileCandidates, typeof(FileCandidatesReply))]
[Union((int)MessageType.PeerList, typeof(PeerListReply))]
public abstract record Message
{
    /// <summary>The wire type id of this message, from the <c>[Union]</c> list.</summary>
    [IgnoreMember]
    public MessageType Type => BodyRegistry.Of(GetType()).Type;
}
