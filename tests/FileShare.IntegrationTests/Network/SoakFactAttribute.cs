namespace FileShare.IntegrationTests.Network;

/// <summary>
/// A fact for minute-long soak runs: skipped unless FILESHARE_SOAK=1 (tests/multihost/run.sh sets it), so the
/// ordinary test run stays fast.
/// </summary>
public sealed class SoakFactAttribute : FactAttribute
{
    public const string Variable = "FILESHARE_SOAK";

    public SoakFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"soak run: set {Variable}=1 (tests/multihost/run.sh does)";
        }
    }
}
