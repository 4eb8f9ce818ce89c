using System.Text.Json;
using FileShare.Protocol.IO;

namespace FileShare.Peer.Core.Files;

/// <summary>
/// A rename in progress, written before either half (tracker, local file) is done, so that a crash between
/// the halves is completed at the next login instead of leaving the publication and the file apart.
/// </summary>
internal sealed class RenameIntent
{
    private readonly string _path;

    public RenameIntent(ShareFolder folder) => _path = Path.Combine(folder.StateDirectory, "rename-intent.json");

    public void Record(string oldName, string newName) =>
        DurableFile.WriteAllBytesAtomic(_path, JsonSerializer.SerializeToUtf8Bytes(new Entry(oldName, newName)));

    public void Clear() => File.Delete(_path);

    public (string OldName, string NewName)? Pending
    {
        get
        {
            try
            {
                if (!File.Exists(_path))
                {
                    return null;
                }

                var entry = JsonSerializer.Deserialize<Entry>(File.ReadAllBytes(_path));
                return entry is null ? null : (entry.OldName, entry.NewName);
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                return null;
            }
        }
    }

    private sealed record Entry(string OldName, string NewName);
}
