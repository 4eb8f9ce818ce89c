using System.Text;
using FileShare.Protocol.Security;

namespace FileShare.Tracker.Accounts;

/// <summary>
/// Edits the bytes of credentials.txt one account at a time. Every line that is not the edited account's is copied
/// byte for byte (comments, blank lines, malformed lines, other accounts, line endings, a UTF-8 BOM); the edited
/// account is always written in the hashed form. "The account's line" is the line the parser takes as its
/// definition: the first well-formed line for that user.
/// </summary>
internal static class CredentialFileEditor
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Decodes the file as the tracker reads it (BOM detection, UTF-8 by default).</summary>
    public static string Decode(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var reader = new StreamReader(new MemoryStream(content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>The user names of the well-formed account lines, in file order (first definition only).</summary>
    public static IReadOnlyList<(string User, bool Hashed)> ListAccounts(byte[] content)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var accounts = new List<(string, bool)>();
        foreach (var line in Lines(content))
        {
            if (Classify(content, line, out var user, out var hashed) && seen.Add(user))
            {
                accounts.Add((user, hashed));
            }
        }

        return accounts;
    }

    /// <summary>Whether <paramref name="user"/> has a well-formed line.</summary>
    public static bool Contains(byte[] content, string user) => FindDefinition(content, user) is not null;

    /// <summary>Appends a new account line; the caller has checked that the user is not defined yet.</summary>
    public static byte[] Append(byte[] content, string user, ScramCredential credential)
    {
        ArgumentNullException.ThrowIfNull(content);
        RequireUtf8(content);
        var newline = NewlineOf(content);
        var line = Utf8.GetBytes(CredentialLine.Format(user, credential));
        var needsBreak = content.Length > 0 && content[^1] != (byte)'\n';
        var result = new byte[content.Length + (needsBreak ? newline.Length : 0) + line.Length + newline.Length];
        var span = result.AsSpan();
        content.CopyTo(span);
        var offset = content.Length;
        if (needsBreak)
        {
            newline.CopyTo(span[offset..]);
            offset += newline.Length;
        }

        line.CopyTo(span[offset..]);
        newline.CopyTo(span[(offset + line.Length)..]);
        return result;
    }

    /// <summary>Replaces the account's line with its new hashed credential; null when the user is not defined.</summary>
    public static byte[]? Replace(byte[] content, string user, ScramCredential credential)
    {
        ArgumentNullException.ThrowIfNull(content);
        RequireUtf8(content);
        if (FindDefinition(content, user) is not { } line)
        {
            return null;
        }

        // Keep what sits outside the line's text: a BOM before the first line, and a '\r' of a CRLF ending.
        var start = line.Start;
        if (start == 0 && content.AsSpan().StartsWith(Utf8Bom))
        {
            start = Utf8Bom.Length;
        }

        var end = line.Start + line.Length;
        if (end > start && content[end - 1] == (byte)'\r')
        {
            end--;
        }

        var text = Utf8.GetBytes(CredentialLine.Format(user, credential));
        return [.. content.AsSpan(0, start), .. text, .. content.AsSpan(end)];
    }

    /// <summary>Removes every well-formed line of the user (a later duplicate would otherwise take over); null when there is none.</summary>
    public static byte[]? Remove(byte[] content, string user)
    {
        ArgumentNullException.ThrowIfNull(content);
        RequireUtf8(content);
        var output = new List<byte>(content.Length);
        var removed = false;
        foreach (var line in Lines(content))
        {
            if (Classify(content, line, out var lineUser, out _) && string.Equals(lineUser, user, StringComparison.Ordinal))
            {
                removed = true;
                if (line.Start == 0 && content.AsSpan().StartsWith(Utf8Bom))
                {
                    output.AddRange(Utf8Bom);
                }

                continue; // the line and its line break
            }

            output.AddRange(content.AsSpan(line.Start, line.Length + line.BreakLength));
        }

        return removed ? [.. output] : null;
    }

    private static (int Start, int Length, int BreakLength)? FindDefinition(byte[] content, string user)
    {
        foreach (var line in Lines(content))
        {
            if (Classify(content, line, out var lineUser, out _) && string.Equals(lineUser, user, StringComparison.Ordinal))
            {
                return line;
            }
        }

        return null;
    }

    private static bool Classify(byte[] content, (int Start, int Length, int BreakLength) line, out string user, out bool hashed)
    {
        var bytes = content.AsSpan(line.Start, line.Length);
        if (line.Start == 0 && bytes.StartsWith(Utf8Bom))
        {
            bytes = bytes[Utf8Bom.Length..];
        }

        var kind = CredentialLine.Classify(Utf8.GetString(bytes), out user, out _, out var credential, out _);
        hashed = credential is not null;
        return kind == CredentialLineKind.Account;
    }

    /// <summary>Each line's start and length without its '\n' (a '\r' stays part of the line), and the break's length (0 or 1).</summary>
    private static IEnumerable<(int Start, int Length, int BreakLength)> Lines(byte[] content)
    {
        var start = 0;
        while (start < content.Length)
        {
            var newline = Array.IndexOf(content, (byte)'\n', start);
            if (newline < 0)
            {
                yield return (start, content.Length - start, 0);
                yield break;
            }

            yield return (start, newline - start, 1);
            start = newline + 1;
        }
    }

    private static byte[] NewlineOf(byte[] content)
    {
        var newline = Array.IndexOf(content, (byte)'\n');
        return newline > 0 && content[newline - 1] == (byte)'\r' ? [(byte)'\r', (byte)'\n'] : [(byte)'\n'];
    }

    private static void RequireUtf8(byte[] content)
    {
        if (content.Length >= 2 && ((content[0] == 0xFF && content[1] == 0xFE) || (content[0] == 0xFE && content[1] == 0xFF)))
        {
            throw new InvalidDataException("The credentials file is UTF-16; only UTF-8 files can be edited. Convert it to UTF-8 first.");
        }
    }
}
