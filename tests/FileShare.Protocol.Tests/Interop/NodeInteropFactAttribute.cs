namespace FileShare.Protocol.Tests.Interop;

/// <summary>
/// A fact that reports skipped (not passed) where node or tests/interop/node_modules is missing.
/// xunit 2 has no dynamic skip, so the reason is decided when the attribute is created.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NodeInteropFactAttribute : FactAttribute
{
    public NodeInteropFactAttribute()
    {
        var reason = NodeInterop.SkipReason;
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}
