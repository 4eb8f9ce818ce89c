namespace FileShare.Tracker.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void TrackerAssemblyLoads() => Assert.NotNull(typeof(Program).Assembly);
}
