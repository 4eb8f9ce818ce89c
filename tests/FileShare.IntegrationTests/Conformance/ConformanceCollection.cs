namespace FileShare.IntegrationTests.Conformance;

/// <summary>
/// Runs the conformance test alone, after the parallel ones: it keeps a tracker, a peer and node busy for about
/// 10 s, and the tests with a 1 s session timeout should not share the CPU with it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConformanceCollection
{
    public const string Name = "Protocol conformance (runs alone)";
}
