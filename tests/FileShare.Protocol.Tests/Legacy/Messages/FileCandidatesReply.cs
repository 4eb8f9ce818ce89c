using FileShare.Protocol.Messages;
using FileShare.Protocol.Tests.Legacy.MessagePack;

namespace FileShare.Protocol.Tests.Legacy.Messages;

/// <summary>One page of publishers of a file, sorted by user name.</summary>
/// <param name="Candidates">The publishers of this page.</param>
/// <param name="More">True when another page follows.</param>
public sealed record FileCandidatesReply(IReadOnlyList<FileCandidate> Candidates, bool More) : Message
{
    internal const int FieldCount = 2;

    /// <inheritdoc />
    public override MessageType Type => MessageType.FileCandidates;

    internal override void WriteBody(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(FieldCount);
        writer.WriteArrayHeader(Candidates.Count);
        foreach (var item in Candidates)
        {
            item.Write(ref writer);
        }

        writer.Write(More);
    }

    internal static FileCandidatesReply ReadBody(ref MessagePackReader reader) =>
        new(
            ReadCandidates(ref reader),
            reader.ReadBoolean());

    private static FileCandidate[] ReadCandidates(ref MessagePackReader reader)
    {
        var count = reader.ReadArrayHeader();
        var candidates = new FileCandidate[count];
        for (var i = 0; i < count; i++)
        {
            candidates[i] = FileCandidate.Read(ref reader);
        }

        return candidates;
    }
}
