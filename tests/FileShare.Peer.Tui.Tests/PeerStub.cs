using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Transfers;
using FileShare.Peer.Tui.Peer;
using FileShare.Protocol.Messages;
using Moq;

namespace FileShare.Peer.Tui.Tests;

/// <summary>A mocked peer core with sensible defaults; tests override what they need.</summary>
internal sealed class PeerStub
{
    public Mock<IPeerFacade> Mock { get; } = new(MockBehavior.Loose);

    public bool LoggedIn { get; set; }

    public List<string> Published { get; } = [];

    public List<string> Files { get; } = [];

    public List<TransferProgress> TransferList { get; } = [];

    public List<string> Executed { get; } = [];

    public Dictionary<string, Func<Task<CommandResult>>> Results { get; } = new(StringComparer.Ordinal);

    /// <summary>Downloads by file name, given the command's cancellation token.</summary>
    public Dictionary<string, Func<CancellationToken, Task<CommandResult>>> Downloads { get; } = new(StringComparer.Ordinal);

    public PeerStub()
    {
        Mock.SetupGet(p => p.IsLoggedIn).Returns(() => LoggedIn);
        Mock.SetupGet(p => p.PublishedNames).Returns(() => Published.ToList());
        Mock.Setup(p => p.LocalFiles()).Returns(() => Files.ToList());
        Mock.Setup(p => p.LocalFileSize(It.IsAny<string>())).Returns((string name) => Files.Contains(name) ? 1000 : null);
        Mock.Setup(p => p.Transfers()).Returns(() => TransferList.ToList());
        Mock.Setup(p => p.Status()).Returns(() => new PeerStatus(
            LoggedIn ? "alice" : null, "127.0.0.1:11502", TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(100),
            TimeSpan.FromSeconds(1), "/home/alice/share", 40123));
        Mock.Setup(p => p.ListPeerAddressesAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => (IReadOnlyList<PeerEntry>)[new PeerEntry("bob", "10.0.0.2", 40001), new PeerEntry("carol", "10.0.0.3", 40002)]);
        Mock.Setup(p => p.ExecuteAsync(It.IsAny<string>(), It.IsAny<IProgress<long>?>(), It.IsAny<CancellationToken>()))
            .Returns((string line, IProgress<long>? _, CancellationToken cancellationToken) =>
            {
                lock (Executed)
                {
                    Executed.Add(line);
                }

                if (Results.TryGetValue(line, out var result))
                {
                    return result();
                }

                if (line.StartsWith("auth ", StringComparison.Ordinal))
                {
                    LoggedIn = true;
                    return Task.FromResult(new CommandResult([new OutputLine("Welcome to FileShare!"), new OutputLine("Available commands are: get, help, lap, lpf, pub, sch, unp, xit")]));
                }

                if (line.StartsWith("get ", StringComparison.Ordinal) && Downloads.TryGetValue(line[4..], out var download))
                {
                    return download(cancellationToken);
                }

                return line == "xit"
                    ? Task.FromResult(new CommandResult([new OutputLine("Goodbye!")], Exit: true))
                    : Task.FromResult(CommandResult.Of($"ran {CommandProcessor.MaskSecrets(line)}"));
            });
    }

    public IPeerFacade Object => Mock.Object;
}
