namespace FileShare.Peer.Tui.Input;

/// <summary>Where a command line carries passwords: <c>auth</c>/<c>reg</c> after the user name, <c>passwd</c> after the command.</summary>
internal static class Secrets
{
    /// <summary>True for the commands whose lines hold a password; such lines never enter the history.</summary>
    public static bool HoldsPassword(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return CommandWord(line.TrimStart()) is "auth" or "reg" or "passwd";
    }

    /// <summary>The index from which the typed text is a password (to be drawn masked), or -1 when none has started.</summary>
    public static int PasswordStart(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = 0;
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        var wordStart = i;
        while (i < text.Length && text[i] != ' ')
        {
            i++;
        }

        var word = text[wordStart..i];
        var wordsBefore = word switch
        {
            "auth" or "reg" => 1,
            "passwd" => 0,
            _ => -1,
        };
        if (wordsBefore < 0 || i >= text.Length)
        {
            return -1;
        }

        // Skip the user name for auth/reg; everything after it is secret (both passwords for passwd).
        for (var skipped = 0; skipped < wordsBefore; skipped++)
        {
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i >= text.Length)
            {
                return -1;
            }

            while (i < text.Length && text[i] != ' ')
            {
                i++;
            }

            if (i >= text.Length)
            {
                return -1;
            }
        }

        return i;
    }

    /// <summary>The text with every non-space character from <see cref="PasswordStart"/> on replaced by '*'.</summary>
    public static string Mask(string text)
    {
        var start = PasswordStart(text);
        if (start < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = start; i < chars.Length; i++)
        {
            if (chars[i] != ' ')
            {
                chars[i] = '*';
            }
        }

        return new string(chars);
    }

    private static string CommandWord(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? line : line[..space];
    }
}
