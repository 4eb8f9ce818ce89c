using System.Runtime.InteropServices;

namespace FileShare.Peer.Core.Transfers;

/// <summary>
/// Finds the first hole (never-written range) of a file. A download writes several chunks at once and they may land
/// out of order, so a process killed mid-transfer can leave a later chunk on disk with an earlier one missing; a
/// resume must start at the hole, not at the file's length.
/// </summary>
internal static partial class FileHoles
{
    private const int SeekHole = 4;

    /// <summary>
    /// The offset of the first hole before <paramref name="length"/>, or <paramref name="length"/> when there is none
    /// or the system cannot tell (not Linux, or a file system without SEEK_HOLE).
    /// </summary>
    public static long DataPrefix(string path, long length)
    {
        if (!OperatingSystem.IsLinux() || length <= 0 || !Environment.Is64BitProcess)
        {
            return length;
        }

        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, System.IO.FileShare.ReadWrite);
            var hole = LSeek((int)handle.DangerousGetHandle(), 0, SeekHole);
            return hole >= 0 && hole < length ? hole : length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return length;
        }
    }

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long LSeek(int fd, long offset, int whence);
}
