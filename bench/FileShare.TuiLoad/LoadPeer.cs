using System.Globalization;
using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Tracker;
using FileShare.Peer.Core.Transfers;
using FileShare.Peer.Tui.Peer;
using FileShare.Protocol.Messages;

namespace FileShare.TuiLoad;

/// <summary>
/// A logged-in peer with no network: <c>transfers</c> endless downloads whose progress a background loop moves
/// <c>hz</c> times a second, as the core's downloader does for each chunk it receives.
/// </summary>
internal sealed class LoadPeer : IPeerFacade
{
    private const long FileSize = 256L << 20;
    private readonly List<TransferProgress> _transfers = [];
    private readonly TimeProvider _time;

    public LoadPeer(int transfers, TimeProvider time)
    {
        _time = time;
        for (var i = 0; i < transfers; i++)
        {
            _transfers.Add(new TransferProgress(i + 1, TransferDirection.Download, string.Create(CultureInfo.InvariantCulture, $"load-{i + 1}.bin"), time.GetTimestamp())
            {
                Total = FileSize,
                State = TransferState.Transferring,
                Peer = "bob",
            });
        }
    }

    public event Action<TrackerBusyNotice>? TrackerBusyRetrying
    {
        add { }
        remove { }
    }

    public bool IsLoggedIn => true;

    public IReadOnlyList<string> PublishedNames => [];

    /// <summary>Moves every transfer <paramref name="hz"/> times a second until cancelled (each at its own speed).</summary>
    public async Task MoveAsync(int hz, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / hz), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < _transfers.Count; i++)
                {
                    var step = (8L + i) * 1024 * 1024 / hz;
                    var transfer = _transfers[i];
                    transfer.SetDone(transfer.Done + step >= FileSize ? 0 : transfer.Done + step);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Quitting.
        }
    }

    public Task<CommandResult> ExecuteAsync(string line, IProgress<long>? hashingProgress, CancellationToken cancellationToken) =>
        Task.FromResult(line.Trim() == "xit" ? new CommandResult([new OutputLine("Goodbye!")], Exit: true) : CommandResult.Of($"(load) {line}"));

    public Task<IReadOnlyList<PeerEntry>> ListPeerAddressesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PeerEntry>>([new PeerEntry("bob", "10.0.0.2", 40001), new PeerEntry("carol", "10.0.0.3", 40002)]);

    public IReadOnlyList<string> LocalFiles() => [];

    public long? LocalFileSize(string name) => null;

    public IReadOnlyList<TransferProgress> Transfers() => _transfers;

    public PeerStatus Status() => new(
        "alice", "127.0.0.1:11502", TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), "/tmp/load", 40000);
}
