namespace FileShare.Bench;

/// <summary>Entry point of the FileShare benchmarks: <c>transfer</c> and <c>tracker</c> scenarios.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => BenchCommandLine.Build().Parse(args).InvokeAsync();
}
