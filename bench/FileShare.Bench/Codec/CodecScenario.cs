using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FileShare.Bench.Codec;

/// <summary>Runs <see cref="CodecBenchmarks"/> with BenchmarkDotNet, in process (no generated project to restore).</summary>
internal static class CodecScenario
{
    public static int Run(string? filter, bool quick, string? artifacts)
    {
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance);
        job = quick ? job.WithWarmupCount(1).WithIterationCount(3).WithLaunchCount(1) : job.WithWarmupCount(6).WithIterationCount(20);
        var config = DefaultConfig.Instance
            .AddJob(job)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.JoinSummary);
        if (artifacts is not null)
        {
            config = config.WithArtifactsPath(artifacts);
        }

        var args = filter is null ? ["--filter", "*"] : new[] { "--filter", filter };
        var summaries = BenchmarkSwitcher.FromTypes([typeof(CodecBenchmarks)]).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
