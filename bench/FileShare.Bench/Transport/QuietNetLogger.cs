using LiteNetLib;

namespace FileShare.Bench.Transport;

/// <summary>
/// LiteNetLib's log: warnings and errors to stderr, at most 20 lines per process (10,000 clients can fail alike).
/// Without a logger set, LiteNetLib prints to stdout, which the bench reads as the server's protocol.
/// </summary>
internal sealed class QuietNetLogger : INetLogger
{
    private const int MaxLines = 20;
    private int _lines;

    public static void Install() => NetDebug.Logger = new QuietNetLogger();

    public void WriteNet(NetLogLevel level, string str, params object[] args)
    {
        if (level is NetLogLevel.Warning or NetLogLevel.Error && Interlocked.Increment(ref _lines) <= MaxLines)
        {
            Console.Error.WriteLine($"LiteNetLib {level}: {string.Format(System.Globalization.CultureInfo.InvariantCulture, str, args)}");
        }
    }
}
