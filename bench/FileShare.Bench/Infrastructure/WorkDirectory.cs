namespace FileShare.Bench.Infrastructure;

/// <summary>A scratch directory for one scenario run, removed afterwards unless asked to keep it.</summary>
internal sealed class WorkDirectory : IDisposable
{
    private readonly bool _keep;

    public WorkDirectory(string? parent, string scenario, bool keep)
    {
        var root = parent ?? System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(root, $"fileshare-bench-{scenario}-{Environment.ProcessId}");
        Directory.CreateDirectory(Path);
        _keep = keep;
    }

    public string Path { get; }

    public string Sub(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        if (_keep)
        {
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a process we killed may still hold a file for a moment.
        }
    }
}
