using FileShare.Protocol.Wire;
using MessagePack;

namespace FileShare.Protocol.Messages;

/// <summary>One page of publishers of a file, sorted by user name.</summary>
/// <param name="Candidates">The publishers of this page.</param>
/// <param name="More">True when another page follows.</param>
[MessagePackObject]
public sealed record FileCandidatesReply(
    [property: Key(0), RecordList<FileCandidate>] IReadOnlyList<FileCandidate> Candidates,
    [property: Key(1)] bool More) : Message;
