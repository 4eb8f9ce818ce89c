namespace FileShare.IntegrationTests.Conformance;

/// <summary>
/// A fact that reports skipped (not passed) where node or tests/interop/node_modules is missing.
/// xunit 2 has no dynamic skip, so the reason is decided when the attribute is created.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute()
    {
        if (NodeConformance.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
