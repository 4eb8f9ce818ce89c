using FileShare.IntegrationTests.Infrastructure;

namespace FileShare.IntegrationTests.Peer;

/// <summary>Starts a real tracker from "user password" lines, the way peer tests describe their accounts.</summary>
internal static class TrackerTestSupport
{
    public static Task<TrackerProcess> StartAsync(params string[] accounts) =>
        TrackerProcess.StartAsync(new TrackerProcessOptions
        {
            Users = accounts.Select(a => a.Split(' ', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal),
        });
}
