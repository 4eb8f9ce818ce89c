using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FileShare.Peer.Core.Transfers;

/// <summary>
/// Writes that bypass the page cache (Linux <c>O_DIRECT</c>), for the bulk of a large download. The bytes go
/// from the receive buffer straight to the device: no copy into the page cache, no writeback work for the kernel
/// afterwards, and the final fsync has only metadata left. Offsets, lengths and buffer addresses must be multiples
/// of <see cref="Alignment"/>. Where unavailable (other systems, tmpfs, some network file systems) callers keep the
/// ordinary buffered path.
/// </summary>
internal static partial class DirectWrite
{
    /// <summary>Alignment for offsets, lengths and buffers: the largest logical block size in common use.</summary>
    public const int Alignment = 4096;

    private const int WriteOnly = 0x1;
    private const int CloseOnExec = 0x80000;

    /// <summary>
    /// A second, write-only handle on an existing file with <c>O_DIRECT</c>, or null where that is not possible.
    /// The flag's value differs between architectures, so only those known here (x64, arm64) are tried.
    /// </summary>
    public static SafeFileHandle? TryOpen(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // 64-bit only: a 32-bit open() without O_LARGEFILE would refuse writes past 2 GiB.
        var direct = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 0x4000,
            Architecture.Arm64 => 0x10000,
            _ => 0,
        };
        if (direct == 0)
        {
            return null;
        }

        try
        {
            var fd = Open(path, WriteOnly | CloseOnExec | direct);
            return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A buffer whose usable part starts at an aligned address (pinned, so the address never moves).</summary>
    public static Memory<byte> AllocateAligned(int length)
    {
        var array = GC.AllocateUninitializedArray<byte>(length + Alignment, pinned: true);
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        var skip = (int)((Alignment - (address % Alignment)) % Alignment);
        return array.AsMemory(skip, length);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);
}
