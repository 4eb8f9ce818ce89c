using Microsoft.Extensions.Options;

namespace FileShare.Tracker.Tests.Support;

internal static class TestOptions
{
    public static IOptions<TrackerOptions> Create(Action<TrackerOptions>? configure = null)
    {
        var options = new TrackerOptions();
        configure?.Invoke(options);
        return Options.Create(options);
    }
}
