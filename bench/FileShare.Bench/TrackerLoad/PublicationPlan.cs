using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FileShare.Bench.TrackerLoad;

/// <summary>
/// The publications preloaded into the tracker: publication <c>p</c> belongs to user <c>p % users</c> and carries
/// name number <c>p / copies</c>, so every name is published by <c>copies</c> different users (get has several
/// candidates) and names are built from a small word list (sch finds common words and rare numbers).
/// </summary>
internal sealed class PublicationPlan
{
    private static readonly string[] Words =
    [
        "alpha", "budget", "canvas", "delta", "report", "figure", "garden", "harbor", "invoice", "jungle",
        "kernel", "ledger", "meeting", "notes", "orbit", "picture", "quartz", "river", "summer", "thesis",
        "update", "video", "winter", "xray", "yellow", "zebra", "album", "backup", "castle", "draft",
        "export", "folder", "grant", "holiday", "image", "journal", "kitten", "lecture", "manual", "novel",
    ];

    public PublicationPlan(int users, int publications, int copies)
    {
        Users = users;
        Publications = publications;
        Copies = Math.Min(copies, users);
    }

    public int Users { get; }

    public int Publications { get; }

    public int Copies { get; }

    public int DistinctNames => (Publications + Copies - 1) / Copies;

    public static string CommonWord(int index) => Words[index % Words.Length];

    public static string Name(int nameNumber) => string.Create(
        CultureInfo.InvariantCulture, $"{Words[nameNumber % Words.Length]}-{Words[nameNumber / Words.Length % Words.Length]}-{nameNumber:D7}.dat");

    /// <summary>Text that only one name contains, so sch must look at every name.</summary>
    public static string RareText(int nameNumber) => string.Create(CultureInfo.InvariantCulture, $"-{nameNumber:D7}.");

    public static long Size(int nameNumber) => 4096 + nameNumber;

    public static byte[] Sha256(int nameNumber) => SHA256.HashData(Encoding.UTF8.GetBytes(Name(nameNumber)));

    public int OwnerOf(int publication) => publication % Users;

    public int NameOf(int publication) => publication / Copies;
}
