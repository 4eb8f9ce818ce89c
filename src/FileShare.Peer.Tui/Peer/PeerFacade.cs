using FileShare.Peer.Core;
using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Hosting;
using FileShare.Peer.Core.Tracker;
using FileShare.Peer.Core.Transfers;
using FileShare.Protocol.Messages;

namespace FileShare.Peer.Tui.Peer;

/// <summary>The real <see cref="IPeerFacade"/> over <see cref="PeerNode"/> and <see cref="CommandProcessor"/>.</summary>
internal sealed class PeerFacade : IPeerFacade
{
    private static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(1);
    private readonly PeerNode _node;
    private readonly CommandProcessor _processor;
    private readonly TrackerEndpoint _tracker;
    private readonly TimeProvider _time;

    public PeerFacade(PeerNode node, CommandProcessor processor, TrackerEndpoint tracker, TimeProvider time)
    {
        _node = node;
        _processor = processor;
        _tracker = tracker;
        _time = time;
    }

    public event Action<TrackerBusyNotice>? TrackerBusyRetrying
    {
        add => _node.Session.Connection.BusyRetrying += value;
        remove => _node.Session.Connection.BusyRetrying -= value;
    }

    public bool IsLoggedIn => _node.IsLoggedIn;

    public IReadOnlyList<string> PublishedNames => _node.PublishedNames;

    public Task<CommandResult> ExecuteAsync(string line, IProgress<long>? hashingProgress, CancellationToken cancellationToken) =>
        _processor.ExecuteAsync(line, hashingProgress, cancellationToken);

    public Task<IReadOnlyList<PeerEntry>> ListPeerAddressesAsync(CancellationToken cancellationToken) =>
        _node.ListPeerAddressesAsync(cancellationToken);

    public IReadOnlyList<string> LocalFiles()
    {
        try
        {
            return _node.Folder.ListFiles();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public long? LocalFileSize(string name)
    {
        try
        {
            var path = _node.Folder.ResolveExistingFile(name);
            return path is null ? null : new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public IReadOnlyList<TransferProgress> Transfers() => _node.Transfers.Snapshot();

    public PeerStatus Status()
    {
        var connection = _node.Session.Connection;
        var lastReply = connection.LastReplyTimestamp;
        var roundTrip = connection.LastRoundTrip;
        return new PeerStatus(
            _node.UserName,
            _tracker.Name,
            lastReply == 0 ? null : roundTrip,
            lastReply == 0 ? null : _time.GetElapsedTime(lastReply),
            _node.Session.Current?.HeartbeatInterval ?? DefaultHeartbeat,
            _node.Folder.Root,
            _node.FileServerPort,
            connection.IsWaitingOnBusy);
    }
}
