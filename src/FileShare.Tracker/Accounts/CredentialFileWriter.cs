using System.Globalization;
using FileShare.Protocol.IO;

namespace FileShare.Tracker.Accounts;

/// <summary>
/// Reads and atomically replaces credentials.txt: temp file next to it (same permissions as the original, so a
/// 0600 file stays private), fsync, rename over the original, fsync the directory. A crash leaves either the old
/// or the new file, never a mix; a leftover temp file is harmless.
/// </summary>
internal static class CredentialFileWriter
{
    public static byte[] Read(string path) => File.ReadAllBytes(path);

    public static void Replace(string path, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(
            directory,
            $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = System.IO.FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                // Private while being written; then exactly the original's mode (not filtered by the umask).
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temp, options))
            {
                if (!OperatingSystem.IsWindows() && File.Exists(full))
                {
                    File.SetUnixFileMode(stream.SafeFileHandle, File.GetUnixFileMode(full));
                }

                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        DurableFile.SyncDirectory(directory);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stray temp file does not affect the credentials.
        }
    }
}
