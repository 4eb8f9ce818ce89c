using System.Text;

namespace FileShare.Peer.Tui.Input;

/// <summary>
/// Keeps the command history across runs in the peer's state folder, one line each. Lines holding a password
/// never reach it: the caller filters them before <see cref="Append"/>, and <see cref="Load"/> drops any it finds.
/// </summary>
internal sealed class HistoryFile
{
    /// <summary>The file's name inside the share folder's state folder.</summary>
    public const string FileName = "history";

    private readonly string _path;

    public HistoryFile(string path) => _path = path;

    public string Path => _path;

    /// <summary>The saved lines, oldest first (at most <see cref="CommandHistory.Capacity"/>); empty when there is no file.</summary>
    public IReadOnlyList<string> Load()
    {
        if (!File.Exists(_path))
        {
            return [];
        }

        var lines = File.ReadAllLines(_path, Encoding.UTF8).Where(l => l.Length > 0 && !Secrets.HoldsPassword(l)).ToList();
        if (lines.Count > CommandHistory.Capacity)
        {
            lines.RemoveRange(0, lines.Count - CommandHistory.Capacity);
            File.WriteAllLines(_path, lines, Encoding.UTF8); // keeps the file from growing without end
        }

        return lines;
    }

    /// <summary>Adds one line at the end of the file.</summary>
    public void Append(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Length == 0 || Secrets.HoldsPassword(line) || line.Contains('\n', StringComparison.Ordinal))
        {
            return;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
        File.AppendAllText(_path, line + "\n", Encoding.UTF8);
    }
}
