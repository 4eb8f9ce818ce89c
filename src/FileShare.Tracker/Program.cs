using FileShare.Tracker.Hosting;

namespace FileShare.Tracker;

internal static class Program
{
    private static Task<int> Main(string[] args) => TrackerCommandLine.InvokeAsync(args);
}
