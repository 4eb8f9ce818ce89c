using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Tracker;
using FileShare.Peer.Core.Transfers;
using FileShare.Protocol.Messages;

namespace FileShare.Peer.Tui.Peer;

/// <summary>The slice of the peer core the UI uses, so the UI can be tested without sockets.</summary>
internal interface IPeerFacade
{
    /// <summary>Runs one command line exactly as the plain mode does.</summary>
    Task<CommandResult> ExecuteAsync(string line, IProgress<long>? hashingProgress, CancellationToken cancellationToken);

    /// <summary>The other active peers with their addresses (for the side pane).</summary>
    Task<IReadOnlyList<PeerEntry>> ListPeerAddressesAsync(CancellationToken cancellationToken);

    /// <summary>Raised (on a background thread) each time a request is answered Busy and will be sent again.</summary>
    event Action<TrackerBusyNotice>? TrackerBusyRetrying;

    bool IsLoggedIn { get; }

    IReadOnlyList<string> PublishedNames { get; }

    /// <summary>Regular files in the share folder.</summary>
    IReadOnlyList<string> LocalFiles();

    /// <summary>Size of a file in the share folder, or null when it is not there.</summary>
    long? LocalFileSize(string name);

    IReadOnlyList<TransferProgress> Transfers();

    PeerStatus Status();
}
