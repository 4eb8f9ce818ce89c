namespace FileShare.Protocol.Tests.TestSupport;

/// <summary>A hostile or malformed datagram (a few valid controls too), each about one rule of PROTOCOL.md §3, §4 or §18.</summary>
/// <param name="Rule">The rule it tests.</param>
/// <param name="Name">What is wrong with it.</param>
/// <param name="Bytes">The datagram.</param>
/// <param name="LibraryAloneAccepts">
/// Whether MessagePack-CSharp 2.5.307 alone (plain records, <c>MessagePackSecurity.UntrustedData</c>) accepted it, as
/// measured in the evaluation behind the move to the library: the checks the codec adds exist for these.
/// </param>
public sealed record HostileDatagram(string Rule, string Name, byte[] Bytes, bool LibraryAloneAccepts)
{
    public override string ToString() => Name;
}
