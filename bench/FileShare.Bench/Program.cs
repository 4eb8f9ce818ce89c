namespace FileShare.Bench;

/// <summary>Entry point of the FileShare benchmarks: <c>transfer</c>, <c>tracker</c>, <c>codec</c> and <c>transport</c> scenarios.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => BenchCommandLine.Build().Parse(args).InvokeAsync();
}
