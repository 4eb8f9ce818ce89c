using System.Globalization;
using FileShare.IntegrationTests.Peer;
using Xunit.Abstractions;

namespace FileShare.IntegrationTests.Conformance;

/// <summary>
/// Runs tests/interop/conformance.mjs, a client written from docs/PROTOCOL.md alone, against a real tracker
/// process and a real peer that publishes a file; the script checks the document's vectors and rules.
/// </summary>
[Collection(ConformanceCollection.Name)]
public sealed class ProtocolConformanceTests(ITestOutputHelper output)
{
    private const string FileName = "conformance.bin";
    private const int FileSize = 300_000;

    [ConformanceFact]
    public async Task ClientWrittenFromTheDocumentAgreesWithTheRealTrackerAndPeer()
    {
        await using var tracker = await TrackerTestSupport.StartAsync("alice al1ce-pw", "bob b0b-pw", "carol car0l-pw");
        await using var alice = await PeerHarness.StartAsync(tracker.Port, TestFiles.NewDirectory("conformance-alice"));
        var hash = TestFiles.WriteRandom(alice.PathOf(FileName), FileSize);
        await alice.RunAsync("auth alice al1ce-pw");
        Assert.Equal("File published successfully", await alice.RunSingleAsync($"pub {FileName}"));

        var (exitCode, text) = await NodeConformance.RunAsync(
        [
            "--doc", NodeConformance.ProtocolDocument,
            "--tracker-port", tracker.Port.ToString(CultureInfo.InvariantCulture),
            "--user", "bob", "--password", "b0b-pw",
            "--user2", "carol", "--password2", "car0l-pw",
            "--publisher", "alice",
            "--file", FileName,
            "--size", FileSize.ToString(CultureInfo.InvariantCulture),
            "--sha256", Convert.ToHexStringLower(hash),
            "--file-port", alice.Node.FileServerPort.ToString(CultureInfo.InvariantCulture),
            "--stall-ms", PeerHarness.StallTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
        ]);

        output.WriteLine(text);
        Assert.True(exitCode == 0, $"conformance.mjs exited with {exitCode}:\n{text}");
    }
}
