using FileShare.Protocol;

namespace FileShare.Peer.Core.Files;

/// <summary>
/// The share folder. Every file name from a user or the network is resolved here, strictly inside the
/// folder: no separators, no "..", no absolute paths, and no escape through symbolic links.
/// Internal state lives in the hidden <c>.fileshare</c> subfolder.
/// </summary>
internal sealed class ShareFolder
{
    /// <summary>The name of the hidden state folder.</summary>
    public const string StateFolderName = ".fileshare";

    public ShareFolder(string root)
    {
        Directory.CreateDirectory(root);
        Root = NativePath.RealPath(root) ?? Path.GetFullPath(root);
        StateDirectory = Path.Combine(Root, StateFolderName);
        PartialDirectory = Path.Combine(StateDirectory, "partial");
        Directory.CreateDirectory(PartialDirectory);
    }

    /// <summary>The canonical path of the folder.</summary>
    public string Root { get; }

    /// <summary>The hidden state folder.</summary>
    public string StateDirectory { get; }

    /// <summary>Where partial downloads are kept until verified.</summary>
    public string PartialDirectory { get; }

    /// <summary>
    /// The path for <paramref name="name"/> inside the folder (which need not exist), or an error when the
    /// name breaks the naming rules or names the state folder.
    /// </summary>
    public string? TryGetPath(string name, out string? error)
    {
        error = NameRules.CheckFileName(name);
        if (error is null && string.Equals(name, StateFolderName, StringComparison.Ordinal))
        {
            error = "That name is reserved for FileShare's own state";
        }

        return error is null ? Path.Combine(Root, name) : null;
    }

    /// <summary>
    /// The canonical path of an existing regular file <paramref name="name"/> whose real location (after
    /// following links) is directly inside the folder, or null.
    /// </summary>
    public string? ResolveExistingFile(string name)
    {
        var path = TryGetPath(name, out _);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        var real = NativePath.RealPath(path);
        if (real is null || !string.Equals(Path.GetDirectoryName(real), Root, StringComparison.Ordinal))
        {
            return null;
        }

        var attributes = File.GetAttributes(real);
        return (attributes & FileAttributes.Directory) == 0 ? real : null;
    }

    /// <summary>Names of regular files in the folder (for completion), sorted.</summary>
    public IReadOnlyList<string> ListFiles()
    {
        var names = new List<string>();
        foreach (var path in Directory.EnumerateFiles(Root))
        {
            var name = Path.GetFileName(path);
            if (ResolveExistingFile(name) is not null)
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
