using FileShare.Tracker.Hosting;

namespace FileShare.Tracker.Tests.Hosting;

public sealed class TrackerOptionsValidatorTests
{
    [Fact]
    public void DefaultsAreValid() => Assert.True(new TrackerOptionsValidator().Validate(null, new TrackerOptions()).Succeeded);

    [Fact]
    public void BadValuesAreNamedInTheFailure()
    {
        var result = new TrackerOptionsValidator().Validate(null, new TrackerOptions
        {
            Port = 70000,
            SessionTimeout = TimeSpan.Zero,
            ScramIterations = 10,
        });

        Assert.False(result.Succeeded);
        var text = string.Join(" ", result.Failures!);
        Assert.Contains("Tracker:Port", text, StringComparison.Ordinal);
        Assert.Contains("Tracker:SessionTimeout", text, StringComparison.Ordinal);
        Assert.Contains("Tracker:ScramIterations", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("-1")]
    [InlineData("abc")]
    public void CommandLineRejectsAnInvalidPort(string port)
    {
        var result = TrackerCommandLine.Create().Parse([port]);

        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void CommandLineAcceptsAllArguments()
    {
        var result = TrackerCommandLine.Create().Parse(["0", "--credentials", "c.txt", "--data", "d", "--config", "t.json"]);

        Assert.Empty(result.Errors);
    }
}
