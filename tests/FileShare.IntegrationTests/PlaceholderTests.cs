namespace FileShare.IntegrationTests;

public sealed class PlaceholderTests
{
    [Fact]
    public void IntegrationAssemblyLoads() => Assert.True(true);
}
