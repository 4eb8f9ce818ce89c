using System.Globalization;
using System.Security.Cryptography;
using FileShare.Protocol.Security;

namespace FileShare.Bench.TrackerLoad;

/// <summary>
/// Accounts for the load generator. PBKDF2 with 4096 iterations costs about a millisecond per user, so the hashed
/// credentials lines and the client keys are derived once and cached in the temp directory for later runs.
/// </summary>
internal static class BenchUsers
{
    public static string UserName(int index) => string.Create(CultureInfo.InvariantCulture, $"u{index:D6}");

    public static IReadOnlyList<BenchUser> Load(int count, string cacheDirectory)
    {
        Directory.CreateDirectory(cacheDirectory);
        var cache = Path.Combine(cacheDirectory, string.Create(CultureInfo.InvariantCulture, $"users-{count}-v1.txt"));
        if (File.Exists(cache) && TryRead(cache, count) is { } cached)
        {
            return cached;
        }

        var users = new BenchUser[count];
        Parallel.For(0, count, i =>
        {
            var name = UserName(i);
            var salt = RandomNumberGenerator.GetBytes(16);
            var keys = ScramSha256.DeriveKeys("bench-" + name, salt, ScramSha256.DefaultIterations);
            var credential = new ScramCredential(salt, ScramSha256.DefaultIterations, keys.StoredKey, keys.ServerKey);
            users[i] = new BenchUser(name, $"{name} {credential.Format()}", keys);
        });

        var temp = cache + ".tmp";
        File.WriteAllLines(temp, users.Select(u => $"{u.CredentialLine} {Convert.ToBase64String(u.Keys.ClientKey)}"));
        File.Move(temp, cache, overwrite: true);
        return users;
    }

    private static BenchUser[]? TryRead(string path, int count)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length != count)
        {
            return null;
        }

        var users = new BenchUser[count];
        for (var i = 0; i < count; i++)
        {
            var parts = lines[i].Split(' ');
            if (parts.Length != 3 || !ScramCredential.TryParse(parts[1], out var credential, out _))
            {
                return null;
            }

            var keys = new ScramKeys([], Convert.FromBase64String(parts[2]), credential!.StoredKey, credential.ServerKey);
            users[i] = new BenchUser(parts[0], $"{parts[0]} {parts[1]}", keys);
        }

        return users;
    }
}
