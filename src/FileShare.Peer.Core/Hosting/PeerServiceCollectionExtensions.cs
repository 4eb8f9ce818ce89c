using FileShare.Peer.Core.Commands;
using FileShare.Peer.Core.Diagnostics;
using FileShare.Peer.Core.Files;
using FileShare.Peer.Core.Tracker;
using FileShare.Peer.Core.Transfers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileShare.Peer.Core.Hosting;

/// <summary>Registers the peer core: tracker session, file server, downloader, heartbeats and the command processor.</summary>
internal static class PeerServiceCollectionExtensions
{
    public static IServiceCollection AddPeerCore(this IServiceCollection services, TrackerEndpoint tracker)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(tracker);
        services.AddSingleton(sp => new ShareFolder(sp.GetRequiredService<IOptions<PeerOptions>>().Value.ShareDirectory));
        services.AddSingleton<HashCache>();
        services.AddSingleton<PublishedFiles>();
        services.AddSingleton<TransferRegistry>();
        services.AddMetrics();
        services.AddSingleton<PeerMetrics>();
        services.AddSingleton(sp => new TrackerConnection(
            tracker.EndPoint,
            sp.GetRequiredService<IOptions<PeerOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TrackerConnection>>()));
        services.AddSingleton<TrackerSession>();
        services.AddSingleton<FileServer>();
        services.AddHostedService(sp => sp.GetRequiredService<FileServer>());

        // Binds the tracker socket at host start rather than when the connection is constructed.
        services.AddHostedService(sp => sp.GetRequiredService<TrackerConnection>());
        services.AddHostedService<HeartbeatService>();
        services.AddSingleton<Downloader>();
        services.AddSingleton<PeerNode>();
        services.AddSingleton<CommandProcessor>();
        return services;
    }
}
