namespace FileShare.Peer.Tui.Tests;

/// <summary>Builds <see cref="ConsoleKeyInfo"/> values as a terminal would deliver them.</summary>
internal static class Keys
{
    public static ConsoleKeyInfo Char(char c) =>
        new(c, c is >= 'a' and <= 'z' ? ConsoleKey.A + (c - 'a') : c is >= 'A' and <= 'Z' ? ConsoleKey.A + (c - 'A') : c == ' ' ? ConsoleKey.Spacebar : 0,
            c is >= 'A' and <= 'Z', false, false);

    public static ConsoleKeyInfo Of(ConsoleKey key) => new(key switch
    {
        ConsoleKey.Enter => '\r',
        ConsoleKey.Tab => '\t',
        ConsoleKey.Backspace => '\b',
        ConsoleKey.Escape => '\u001b',
        _ => '\0',
    }, key, false, false, false);

    public static ConsoleKeyInfo Ctrl(ConsoleKey letter) =>
        new((char)(letter - ConsoleKey.A + 1), letter, false, false, true);

    public static IEnumerable<ConsoleKeyInfo> Text(string text) => text.Select(Char);
}
